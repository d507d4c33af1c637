// Budget coach (example AI tool). Our server has already reported the result to the learning
// site with its secret; this only tells the lesson page to refresh what it shows. The message
// goes to the learning site's origin only, and it proves nothing by itself.
(function () {
  var done = document.querySelector("[data-completed]");
  if (done && window.parent && window.parent !== window) {
    window.parent.postMessage({ type: "leerhuis:completed" }, done.getAttribute("data-lms-origin"));
  }
  // Keep the launch token out of the frame's history once the page has it.
  if (window.history && window.history.replaceState && /[?&]token=/.test(window.location.search)) {
    window.history.replaceState(null, "", window.location.pathname);
  }
})();
