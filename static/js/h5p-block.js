// H5P activity block on the lesson page (templates/blocks/h5p.html). Until the student presses
// Start, a poster stands in for the player: the frame (and the hundreds of KB of player and
// package it loads) is made from the block's <template data-h5p-frame> only then, so a lesson
// page stays light on mobile data. The package plays in a
// sandboxed frame (/h5p/play/<token>/, static/js/h5p-player.js) that tells us, by postMessage,
// its height and each xAPI statement H5P emits. We post the statements that matter (answered,
// completed, passed, failed, scored, mastered; not the chatty attempted/interacted, to save
// mobile data) to /api/xapi/statements/ with the student's session. The server decides whether
// the block is done; its answer updates the block's status line and goes out as
// `lesson:progress` for the "To complete this lesson" list (static/js/lesson.js).
(function () {
  "use strict";
  if (window.LeerhuisH5P) return;
  window.LeerhuisH5P = true;

  var KEEP = { answered: 1, completed: 1, passed: 1, failed: 1, scored: 1, mastered: 1 };
  var MIN_HEIGHT = 120;
  var MAX_HEIGHT = 5000;

  function csrfToken() {
    return decodeURIComponent((document.cookie.match(/(?:^|; )csrftoken=([^;]+)/) || [])[1] || "");
  }

  function post(url, body) {
    if (window.Leerhuis && window.Leerhuis.send) return window.Leerhuis.send("POST", url, body);
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body)
    });
  }

  function verbOf(statement) {
    var id = (statement && statement.verb && typeof statement.verb.id === "string" && statement.verb.id) || "";
    return id.replace(/\/+$/, "").split("/").pop().toLowerCase();
  }

  function playerFor(source) {
    var frames = document.querySelectorAll("[data-h5p-player] iframe");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === source) return frames[i].closest("[data-h5p-player]");
    }
    return null;
  }

  function say(el, text, done) {
    var line = el.closest(".h5p-block").querySelector("[data-h5p-status]");
    if (!line) return;
    line.textContent = text;
    line.classList.toggle("is-done", !!done);
  }

  function percent(value) {
    return value === null || value === undefined ? "" : Math.round(value) + "%";
  }

  function describe(el, answer) {
    var best = percent(answer.best_score_percent);
    if (answer.is_satisfied) return "Done ✓" + (best ? " Best score " + best + "." : "");
    var text = el.hasAttribute("data-required")
      ? "Score " + el.dataset.passPercent + "% or more to complete this activity."
      : "Optional activity.";
    var last = answer.counted ? percent(answer.score_percent) : "";
    if (last) text = "You scored " + last + ". " + text;
    if (best && best !== last) text += " Your best so far: " + best + ".";
    return text;
  }

  function report(el, statement) {
    var body = { lesson_id: Number(el.dataset.lessonId), block_id: el.dataset.blockId, statement: statement };
    post(el.dataset.xapiUrl, body)
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (answer) {
          return { ok: response.ok, answer: answer };
        });
      })
      .then(function (result) {
        if (!result.ok) {
          say(el, result.answer.detail || "Your answer could not be recorded.", false);
          return;
        }
        var answer = result.answer;
        if (answer.counted || answer.is_satisfied) say(el, describe(el, answer), answer.is_satisfied);
        document.dispatchEvent(new CustomEvent("lesson:progress", { detail: answer }));
      })
      .catch(function () {
        say(el, "You seem to be offline, so this answer was not recorded. Answer again when you are connected.", false);
      });
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.source !== "leerhuis-h5p") return;
    var el = playerFor(event.source);  // the sandboxed frame's origin is "null": trust the window, not the origin
    if (!el || data.block_id !== el.dataset.blockId) return;
    var frame = el.querySelector("iframe");
    if (data.type === "resize" && typeof data.height === "number") {
      frame.style.height = Math.max(MIN_HEIGHT, Math.min(MAX_HEIGHT, Math.ceil(data.height))) + "px";
    } else if (data.type === "ready") {
      el.classList.add("is-ready");
    } else if (data.type === "xapi" && data.statement && typeof data.statement === "object") {
      if (KEEP[verbOf(data.statement)] && el.hasAttribute("data-tracking")) report(el, data.statement);
    }
  });

  // The player may speak before it hears us: once loaded, ask it to repeat (ready, its height).
  function greet(frame) {
    function hello() { if (frame.contentWindow) frame.contentWindow.postMessage({ source: "leerhuis-h5p-parent", type: "hello" }, "*"); }
    hello();
    frame.addEventListener("load", hello);
  }

  function start(el) {
    var poster = el.querySelector("[data-h5p-poster]");
    var template = el.querySelector("template[data-h5p-frame]");
    if (!poster || !template) return;
    var frame = template.content.querySelector("iframe").cloneNode(true);
    poster.replaceWith(frame);
    el.classList.add("is-started");
    greet(frame);
    frame.focus();  // keyboard users carry on into the activity, not back at the top of the page
  }

  document.querySelectorAll("[data-h5p-player]").forEach(function (el) {
    var button = el.querySelector("[data-h5p-start]");
    if (button) {
      button.hidden = false;
      button.addEventListener("click", function () { start(el); });
    }
    el.querySelectorAll("iframe").forEach(greet);  // a frame already there (none today)
  });
})();
