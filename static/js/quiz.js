// A timed quiz attempt: shows the time left and hands the answers in when it runs out.
// The server enforces the limit (with a short grace); this only keeps the student informed.
(function () {
  "use strict";
  document.querySelectorAll("form[data-quiz-form][data-expires-at]").forEach(function (form) {
    var ends = Date.parse(form.getAttribute("data-expires-at"));
    var out = form.querySelector("[data-remaining]");
    if (!ends || !out) { return; }
    var sent = false;
    function tick() {
      var left = Math.max(0, Math.round((ends - Date.now()) / 1000));
      var minutes = Math.floor(left / 60), seconds = left % 60;
      out.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds + " left.";
      if (left === 60) { out.setAttribute("aria-live", "assertive"); }
      if (left === 0 && !sent) {
        sent = true;
        form.requestSubmit ? form.requestSubmit() : form.submit();
      }
    }
    form.addEventListener("submit", function () { sent = true; });
    tick();
    setInterval(tick, 1000);
  });
})();
