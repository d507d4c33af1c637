// PDF block. Nothing is fetched until the student presses "Open the PDF" (mobile data costs
// money); then the browser's own PDF viewer shows the document in the page, or, where the
// browser has no inline viewer (most Android phones), a link opens it in a new tab. For an
// enrolled student the opening is recorded once per page view with
// POST /api/lessons/<id>/documents/<block>/opened/, and the server's answer is passed on as a
// `lesson:progress` event so "To complete this lesson" updates without a reload.
(function () {
  if (window.LeerhuisPdfBlock) return; // the template includes this script once per PDF block
  window.LeerhuisPdfBlock = true;

  function csrfToken() {
    return decodeURIComponent((document.cookie.match(/(?:^|; )csrftoken=([^;]+)/) || [])[1] || "");
  }

  function post(url) {
    if (window.Leerhuis && window.Leerhuis.send) return window.Leerhuis.send("POST", url);
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrfToken() }
    });
  }

  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener";
    a.textContent = text;
    return a;
  }

  function buildPreview(block, preview, title) {
    var url = block.dataset.viewUrl;
    var frame = document.createElement("iframe");
    frame.className = "pdf-frame";
    frame.src = url + "#view=FitH&navpanes=0"; // fit the page to the frame's width, no thumbnails
    frame.title = title + " (PDF)";
    preview.appendChild(frame);
    var more = document.createElement("p");
    more.className = "pdf-more";
    more.appendChild(link(url, "Open in a new tab"));
    preview.appendChild(more);
  }

  function setStatus(block, data) {
    var status = block.querySelector("[data-pdf-status]");
    if (!status || !data) return;
    if (data.is_satisfied) {
      status.textContent = "Opened ✓";
      status.classList.add("is-done");
    }
  }

  function init(block) {
    if (block.dataset.pdfReady) return;
    block.dataset.pdfReady = "1";
    var button = block.querySelector("[data-pdf-open]");
    var preview = block.querySelector("[data-pdf-preview]");
    if (!button || !preview || !block.dataset.viewUrl) return;
    var titleNode = block.querySelector(".pdf-title");
    var title = titleNode ? titleNode.textContent.trim() : "PDF";
    var recorded = false;
    button.hidden = false;

    function record() {
      var url = block.dataset.openedUrl;
      if (recorded || !url || !window.fetch) return;
      recorded = true;
      post(url)
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) { recorded = false; return; }
          setStatus(block, data);
          document.dispatchEvent(new CustomEvent("lesson:progress", {
            detail: {
              block_id: data.block_id,
              is_satisfied: data.is_satisfied,
              needs: data.needs,
              lesson_completed: data.lesson_completed
            }
          }));
        })
        .catch(function () { recorded = false; });
    }

    // A download is counted (and, for a block that counts, satisfies it) by the file request
    // itself; ask lesson.js to re-read the requirements shortly after.
    var download = block.querySelector("[data-pdf-download]");
    if (download && block.dataset.openedUrl) {
      download.addEventListener("click", function () {
        setTimeout(function () { document.dispatchEvent(new CustomEvent("lesson:refresh")); }, 2000);
      });
    }

    if (navigator.pdfViewerEnabled === false) {
      // No inline viewer (most Android browsers): the button becomes a link that opens the
      // document in a new tab, where the phone's own viewer shows it.
      var open = link(block.dataset.viewUrl, button.textContent);
      open.className = button.className;
      open.setAttribute("data-pdf-open", "");
      open.addEventListener("click", record);
      button.parentNode.replaceChild(open, button);
      return;
    }

    button.addEventListener("click", function () {
      var opening = preview.hidden;
      if (opening && !preview.firstChild) buildPreview(block, preview, title);
      preview.hidden = !opening;
      button.setAttribute("aria-expanded", opening ? "true" : "false");
      button.textContent = opening ? "Hide the PDF" : "Open the PDF";
      if (opening) record();
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-pdf-block]"), init);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
