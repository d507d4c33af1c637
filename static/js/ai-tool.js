// AI tool blocks. The tool runs in a sandboxed iframe; when it is done it posts
// {type: "leerhuis:completed"} to this page. That message proves nothing (any page could send
// it), so it never marks anything complete here: the tool's server has already reported the
// completion to /api/ai-tools/complete/ with its secret. We only accept the message from the
// tool's own frame and registered origin, then ask the page to re-read progress from the server
// (`lesson:refresh`, handled by lesson.js) and update this block's status line from the same data.
(function () {
  if (window.LeerhuisAITool) return; // one listener, however many AI tool blocks the lesson has
  window.LeerhuisAITool = true;

  function blockFor(event) {
    var blocks = document.querySelectorAll("[data-ai-tool][data-tool-origin]");
    for (var i = 0; i < blocks.length; i++) {
      var frame = blocks[i].querySelector("iframe");
      if (frame && event.source === frame.contentWindow && event.origin === blocks[i].dataset.toolOrigin) {
        return blocks[i];
      }
    }
    return null;
  }

  function setStatus(block, text, done) {
    var status = block.querySelector("[data-ai-tool-status]");
    if (!status) return;
    status.textContent = text;
    status.classList.toggle("is-done", !!done);
  }

  function refreshStatus(block, attempt) {
    var url = block.dataset.statusUrl;
    if (!url || !window.fetch) return;
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (lesson) {
        if (!lesson) return;
        var mine = (lesson.requirements || []).filter(function (r) { return r.block_id === block.dataset.blockId; })[0];
        if (mine && mine.is_satisfied) {
          setStatus(block, "Done ✓", true);
        } else if (mine && attempt < 2) {
          setTimeout(function () { refreshStatus(block, attempt + 1); }, 1500);
        } else if (mine) {
          setStatus(block, mine.needs || "Not recorded yet. Finish the activity to complete this lesson.", false);
        } else {
          setStatus(block, "Activity finished.", false);
        }
      })
      .catch(function () { /* the status line keeps its text; a reload shows the truth */ });
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || typeof data !== "object" || data.type !== "leerhuis:completed") return;
    var block = blockFor(event);
    if (!block) return;
    if (block.hasAttribute("data-preview")) {
      setStatus(block, "Preview finished: nothing is recorded for course staff.", false);
      return;
    }
    setStatus(block, "Checking your progress…", false);
    document.dispatchEvent(new CustomEvent("lesson:refresh", { detail: { block_id: block.dataset.blockId } }));
    refreshStatus(block, 0);
  });
})();
