// Lesson page. (1) Heartbeat: time spent while the page is visible, sent every 30 s and on page
// hide; the server credits no more than its own clock saw pass. (2) Requirements: block trackers
// (video, PDF, H5P, AI tools) dispatch `lesson:progress` events with the server's answer; this
// module updates "To complete this lesson" without a reload. `lesson:refresh` re-reads the
// lesson from the API (used when an embedded tool says it finished; the server decides).
(function () {
  var script = document.currentScript;
  var url = script && script.dataset.progressUrl;
  var statusUrl = script && script.dataset.statusUrl;
  var outlineUrl = script && script.dataset.outlineUrl;
  if (!url || !window.fetch) return;
  var csrf = decodeURIComponent((document.cookie.match(/(?:^|; )csrftoken=([^;]+)/) || [])[1] || "");
  var pending = 0;
  var last = Date.now();

  window.Leerhuis = window.Leerhuis || {};
  window.Leerhuis.csrf = csrf;
  window.Leerhuis.send = function (method, target, body, keepalive) {
    return fetch(target, {
      method: method,
      credentials: "same-origin",
      keepalive: !!keepalive,
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
  };

  function tick() {
    var now = Date.now();
    if (document.visibilityState === "visible") pending += Math.round((now - last) / 1000);
    last = now;
  }

  function beat(keepalive) {
    tick();
    if (pending <= 0) return;
    var seconds = Math.min(pending, 3600);
    pending = 0;
    window.Leerhuis.send("PUT", url, { time_spent: seconds }, keepalive).catch(function () { pending += seconds; });
  }

  function markOutline() {
    // This lesson's row in the outline turns completed, and the counts follow.
    var row = document.querySelector('.outline-lesson[aria-current="page"]');
    if (!row || row.dataset.state === "completed") return;
    row.dataset.state = "completed";
    var mark = row.querySelector(".state");
    if (mark) { mark.className = "state state-completed"; mark.textContent = "✓"; }
    var done = document.querySelector("[data-outline-done]");
    var total = document.querySelector("[data-outline-total]");
    var percent = document.querySelector("[data-course-progress]");
    if (done && total) {
      var n = parseInt(done.textContent, 10) + 1, t = parseInt(total.textContent, 10);
      done.textContent = n;
      if (percent && t) percent.textContent = Math.floor((n * 100) / t);
    }
  }

  function openRow(row, lesson) {
    // A lesson this completion unlocked: its outline row becomes a link, its number comes back.
    row.dataset.state = "available";
    var mark = row.querySelector(".state");
    if (mark) { mark.className = "state state-available"; mark.textContent = row.dataset.number || ""; }
    var title = row.querySelector(".title");
    var text = title && title.firstChild;
    if (text && text.nodeType === 3 && !title.querySelector("a")) {
      var link = document.createElement("a");
      link.href = lesson.url;
      link.textContent = lesson.title;
      title.replaceChild(link, text);
      title.insertBefore(document.createTextNode(" "), link.nextSibling);
    }
    var note = row.querySelector("[data-lock-note]");
    if (note && note.previousSibling) note.previousSibling.textContent = note.previousSibling.textContent.replace(/ · $/, "");
    if (note) note.remove();
    var hidden = row.querySelector(".visually-hidden");
    if (hidden) hidden.textContent = "Available.";
  }

  function refreshOutline() {
    // Locks follow the server: re-read the outline and open what this completion unlocked.
    if (!outlineUrl) return;
    fetch(outlineUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (sections) {
        sections.forEach(function (section) {
          section.lessons.forEach(function (lesson) {
            if (lesson.is_locked) return;
            var row = document.querySelector('.outline-lesson[data-lesson-id="' + lesson.id + '"][data-state="locked"]');
            if (row) openRow(row, lesson);
            var next = document.querySelector('[data-next-locked][data-lesson-id="' + lesson.id + '"]');
            if (next) {
              var link = document.createElement("a");
              link.className = "btn btn-secondary";
              link.href = lesson.url;
              link.rel = "next";
              link.textContent = lesson.title + " →";
              next.parentNode.replaceChild(link, next);
            }
          });
        });
      })
      .catch(function () {});
  }

  function showDone() {
    var done = document.querySelector("[data-lesson-done]");
    if (done && done.hidden) { markOutline(); refreshOutline(); }
    if (done) done.hidden = false;
    var box = document.querySelector("[data-requirements]");
    if (box) box.hidden = true;
  }

  function update(detail) {
    if (!detail) return;
    var item = detail.block_id && document.querySelector('[data-requirement="' + detail.block_id + '"]');
    if (item) {
      var needs = item.querySelector("[data-needs]");
      var mark = item.querySelector(".requirement-mark");
      if (detail.is_satisfied) {
        item.classList.add("is-done");
        if (mark) mark.textContent = "✓";
        if (needs && needs.textContent.indexOf("Done") !== 0) needs.textContent = "Done";
      } else if (needs && detail.needs) {
        needs.textContent = detail.needs;
      }
    }
    if (detail.lesson_completed) showDone();
  }

  document.addEventListener("lesson:progress", function (event) { update(event.detail); });
  document.addEventListener("lesson:refresh", function () {
    if (!statusUrl) return;
    fetch(statusUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (lesson) {
        if (!lesson) return;
        (lesson.requirements || []).forEach(update);
        if (lesson.is_completed) showDone();
      });
  });

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") beat(true); else last = Date.now();
  });
  window.addEventListener("pagehide", function () { beat(true); });
  setInterval(function () { beat(false); }, 30000);
})();
