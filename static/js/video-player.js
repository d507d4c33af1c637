// One tracker for every video source. Adapters (HTML5 file, YouTube IFrame API, Vimeo Player
// API, Cloudflare Stream SDK) feed it the current time while playing; it keeps the intervals
// actually played and sends them every ~15 s, on pause/end and on page hide. The server merges
// them and decides what counts; seeking never creates an interval.
(function () {
  if (window.LeerhuisVideo) return;  // one copy even when a lesson has several videos
  window.LeerhuisVideo = true;
  var MAX_STEP = 2.5;  // seconds of media between samples that still count as continuous play
  var SEND_EVERY = 15000;

  function loadScript(src, ready) {
    var existing = document.querySelector('script[src="' + src + '"]');
    if (existing) { existing.addEventListener("load", ready); if (existing.dataset.loaded) ready(); return; }
    var s = document.createElement("script");
    s.src = src; s.async = true;
    s.addEventListener("load", function () { s.dataset.loaded = "1"; ready(); });
    document.head.appendChild(s);
  }

  function Tracker(el) {
    var d = el.dataset;
    var intervals = [], current = null, last = null, dirty = false, position = 0;
    var status = el.querySelector("[data-video-status]");

    function merge(list) {
      var sorted = list.slice().sort(function (a, b) { return a[0] - b[0]; }), out = [];
      sorted.forEach(function (iv) {
        if (out.length && iv[0] <= out[out.length - 1][1]) out[out.length - 1][1] = Math.max(out[out.length - 1][1], iv[1]);
        else out.push([iv[0], iv[1]]);
      });
      return out;
    }

    this.sample = function (t, playing) {
      position = t;
      if (!playing) { current = null; last = null; return; }
      if (last !== null && t >= last && t - last <= MAX_STEP) {
        if (!current) { current = [last, t]; intervals.push(current); }
        current[1] = t; dirty = true;
      } else {
        current = null;  // a jump (seek) or the first sample: start counting from here
      }
      last = t;
    };
    this.broken = function () { current = null; last = null; };

    this.send = function (keepalive) {
      if (!d.progressUrl || !window.Leerhuis || !dirty) return;
      dirty = false;
      intervals = merge(intervals); current = null;
      var body = { block_id: d.blockId, intervals: intervals.map(function (iv) { return [Math.round(iv[0] * 10) / 10, Math.round(iv[1] * 10) / 10]; }), position: Math.round(position * 10) / 10 };
      window.Leerhuis.send("PUT", d.progressUrl, body, keepalive)
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (answer) {
          if (!answer) { dirty = true; return; }
          if (status) {
            status.textContent = answer.is_satisfied ? "Watched ✓" :
              "Watched " + answer.watched_percent + "% · watch " + d.required + "% to complete";
            status.classList.toggle("is-done", !!answer.is_satisfied);
          }
          var more = Math.max(1, parseInt(d.required, 10) - answer.watched_percent);
          document.dispatchEvent(new CustomEvent("lesson:progress", { detail: {
            block_id: answer.block_id, is_satisfied: answer.is_satisfied, lesson_completed: answer.lesson_completed,
            needs: answer.is_satisfied ? "" : "Watch " + more + "% more of “" + d.title + "”"
          } }));
        })
        .catch(function () { dirty = true; });
    };

    var self = this;
    setInterval(function () { self.send(false); }, SEND_EVERY);
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") self.send(true); });
    window.addEventListener("pagehide", function () { self.send(true); });
  }

  var adapters = {
    file: function (el, tracker, resume) {
      var video = el.querySelector("video");
      video.addEventListener("loadedmetadata", function () { if (resume > 0 && resume < video.duration - 1) video.currentTime = resume; });
      video.addEventListener("timeupdate", function () { tracker.sample(video.currentTime, !video.paused && !video.seeking); });
      video.addEventListener("seeking", tracker.broken);
      video.addEventListener("pause", function () { tracker.sample(video.currentTime, true); tracker.broken(); tracker.send(false); });
      video.addEventListener("ended", function () { tracker.sample(video.duration, true); tracker.broken(); tracker.send(false); });
    },
    youtube: function (el, tracker, resume) {
      var iframe = el.querySelector("iframe");
      if (!iframe.id) iframe.id = "yt-" + el.dataset.blockId;
      var ready = function () {
        var player = new YT.Player(iframe.id, { events: {
          onReady: function () { if (resume > 0) player.seekTo(resume, true); },
          onStateChange: function (e) { if (e.data === YT.PlayerState.PAUSED || e.data === YT.PlayerState.ENDED) { tracker.sample(player.getCurrentTime(), true); tracker.broken(); tracker.send(false); } }
        } });
        setInterval(function () {
          if (player.getPlayerState) tracker.sample(player.getCurrentTime(), player.getPlayerState() === YT.PlayerState.PLAYING);
        }, 500);
      };
      if (window.YT && window.YT.Player) ready();
      else {
        var previous = window.onYouTubeIframeAPIReady;
        window.onYouTubeIframeAPIReady = function () { if (previous) previous(); ready(); };
        loadScript("https://www.youtube.com/iframe_api", function () {});
      }
    },
    vimeo: function (el, tracker, resume) {
      loadScript("https://player.vimeo.com/api/player.js", function () {
        var player = new Vimeo.Player(el.querySelector("iframe"));
        if (resume > 0) player.setCurrentTime(resume).catch(function () {});
        player.on("timeupdate", function (data) { tracker.sample(data.seconds, true); });
        player.on("seeked", tracker.broken);
        player.on("pause", function () { tracker.broken(); tracker.send(false); });
        player.on("ended", function () { tracker.broken(); tracker.send(false); });
      });
    },
    stream: function (el, tracker, resume) {
      loadScript("https://embed.cloudflarestream.com/embed/sdk.latest.js", function () {
        var player = Stream(el.querySelector("iframe"));
        player.addEventListener("loadedmetadata", function () { if (resume > 0) player.currentTime = resume; });
        player.addEventListener("timeupdate", function () { tracker.sample(player.currentTime, !player.paused); });
        player.addEventListener("seeking", tracker.broken);
        player.addEventListener("pause", function () { tracker.broken(); tracker.send(false); });
        player.addEventListener("ended", function () { tracker.broken(); tracker.send(false); });
      });
    }
  };

  function init() {
    document.querySelectorAll("[data-video-block]").forEach(function (el) {
      var adapter = adapters[el.dataset.source];
      if (!adapter || !el.dataset.progressUrl || el.dataset.tracking) return;  // nothing to track for visitors
      el.dataset.tracking = "1";
      adapter(el, new Tracker(el), parseFloat(el.dataset.resume || "0") || 0);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
