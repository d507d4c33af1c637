// Inside the sandboxed H5P player page (templates/h5p/player.html; an opaque origin with no
// access to the site's cookies). Starts the vendored h5p-standalone player on the package's
// files and tells the lesson page (the parent frame) what happens: "ready", "resize" with the
// page height, and "xapi" with each statement H5P emits. The lesson page decides what to send
// to the server; nothing here talks to the API. No `user` option: the server sets the actor.
(function () {
  "use strict";

  // A sandboxed page may not touch localStorage (it throws), and some H5P code reads it
  // without a try. Give this page a storage that lives as long as the page does.
  function memoryStorage() {
    var items = {};
    return {
      getItem: function (key) { return Object.prototype.hasOwnProperty.call(items, key) ? items[key] : null; },
      setItem: function (key, value) { items[key] = String(value); },
      removeItem: function (key) { delete items[key]; },
      clear: function () { items = {}; },
      key: function (i) { return Object.keys(items)[i] || null; },
      get length() { return Object.keys(items).length; }
    };
  }
  ["localStorage", "sessionStorage"].forEach(function (name) {
    try { if (window[name]) return; } catch (e) { /* sandboxed: replace it below */ }
    try { Object.defineProperty(window, name, { value: memoryStorage(), configurable: true }); } catch (e) { /* keep going */ }
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();

  function start() {
    var root = document.getElementById("h5p-player");
    if (!root || !window.H5PStandalone) return;
    var parentOrigin = root.dataset.parentOrigin;
    var blockId = root.dataset.blockId;
    var framed = window.parent && window.parent !== window;

    function tell(message) {
      message.source = "leerhuis-h5p";
      message.block_id = blockId;
      if (framed) window.parent.postMessage(message, parentOrigin);
      else if (window.ReactNativeWebView) window.ReactNativeWebView.postMessage(JSON.stringify(message));  // mobile app
    }

    var lastHeight = 0;
    function measure() {
      var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (height && Math.abs(height - lastHeight) > 1) {
        lastHeight = height;
        tell({ type: "resize", height: height });
      }
    }

    function failed(error) {
      if (window.console) console.error("H5P player:", error);
      var loading = root.querySelector("[data-loading]");
      if (loading) loading.textContent = "The activity could not be loaded. Reload the page to try again.";
      tell({ type: "error" });
      measure();
    }

    var mount = document.createElement("div");
    root.appendChild(mount);
    var files = root.dataset.filesUrl;
    var options = {
      id: blockId,
      h5pJsonPath: files,
      contentJsonPath: files + "/content",
      librariesPath: files,
      frameJs: root.dataset.frameJs,
      frameCss: root.dataset.frameCss,
      embedType: "div",  // this page is the frame; no second iframe (and no inline script) needed
      frame: false, copyright: false, export: false, embed: false, icon: false, fullScreen: false,
      xAPIObjectIRI: parentOrigin + "/lessons/" + root.dataset.lessonId + "/h5p/" + blockId
    };
    var ready = false;
    window.addEventListener("message", function (event) {
      // The lesson page asks us to repeat what it may have missed before its script ran.
      if (event.source !== window.parent || !event.data || event.data.source !== "leerhuis-h5p-parent") return;
      lastHeight = 0;
      measure();
      if (ready) tell({ type: "ready" });
    });

    var player;
    try {
      player = new window.H5PStandalone.H5P(mount, options);
    } catch (error) {
      failed(error);
      return;
    }
    player.then(function () {
      var loading = root.querySelector("[data-loading]");
      if (loading) loading.remove();
      window.H5P.externalDispatcher.on("xAPI", function (event) {
        var statement = event && event.data && event.data.statement;
        if (statement) tell({ type: "xapi", statement: JSON.parse(JSON.stringify(statement)) });
      });
      ready = true;
      tell({ type: "ready" });
      measure();
    }).catch(failed);

    // H5P in a frame expects the parent page to run H5P's resizer protocol; we do not, so tell
    // the content ourselves when the frame's width changes (phone rotated, window resized).
    var resizeTimer = null;
    window.addEventListener("resize", function () {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(function () {
        if (window.H5P && window.H5P.instances) {
          window.H5P.instances.forEach(function (instance) { window.H5P.trigger(instance, "resize"); });
        }
        measure();
      }, 100);
    });
    if (window.ResizeObserver) new ResizeObserver(measure).observe(document.documentElement);
    window.addEventListener("load", measure);
    setInterval(measure, 1500);  // images and fonts that arrive late
  }
})();
