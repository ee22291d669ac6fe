/* A walkthrough video on a procedure page: the chapter list under it (a button per step
   jumps to it; the step being played is marked with aria-current), captions that also show
   when the site is opened from a USB stick, and chapters that also seek on a plain file
   server.

   - file:// forbids loading the .vtt of a <track>: the cues are also in the page (a JSON
     block written at build time) and become a text track here.
   - A server without HTTP Range requests (many simple ones) leaves a video unseekable: the
     first jump that cannot be made loads the whole file once, as a blob, and seeks in it. */
(function () {
  "use strict";

  function inlineCaptions(box, video) {
    var data = box.querySelector("script.tt-cues");
    if (!data || location.protocol !== "file:" || typeof VTTCue === "undefined") return;
    var cues;
    try { cues = JSON.parse(data.textContent); } catch (e) { return; }
    Array.prototype.forEach.call(video.querySelectorAll("track[kind=captions]"), function (t) { t.remove(); });
    var track = video.addTextTrack("captions", "Tiếng Việt", "vi");
    cues.forEach(function (c) { track.addCue(new VTTCue(c[0], c[1], c[2])); });
    track.mode = "showing";
  }

  function canSeekTo(video, time) {
    var ranges = video.seekable;
    return ranges.length > 0 && ranges.end(ranges.length - 1) >= time;
  }

  function whenMetadata(video, then) {
    if (video.readyState >= 1) { then(); return; }
    video.addEventListener("loadedmetadata", then, { once: true });
    if (video.preload === "none") { video.preload = "metadata"; video.load(); }
  }

  function play(video) {
    var playing = video.play();
    if (playing && playing.catch) playing.catch(function () {});
  }

  function seek(video, time) {
    whenMetadata(video, function () {
      if (canSeekTo(video, time) || video.dataset.whole) {
        video.currentTime = time;
        play(video);
        return;
      }
      // The server does not answer range requests: fetch the file once and play it from memory.
      video.dataset.whole = "dang-tai";
      fetch(video.currentSrc).then(function (r) { return r.blob(); }).then(function (blob) {
        video.dataset.whole = "da-tai";
        video.src = URL.createObjectURL(blob);
        video.addEventListener("loadedmetadata", function () { video.currentTime = time; play(video); }, { once: true });
      }).catch(function () {
        video.currentTime = time;
        play(video);
      });
    });
  }

  function init() {
    document.querySelectorAll(".tt-video").forEach(function (box) {
      var video = box.querySelector("video");
      var buttons = Array.prototype.slice.call(box.querySelectorAll(".tt-chapter"));
      inlineCaptions(box, video);
      buttons.forEach(function (button) {
        button.addEventListener("click", function () { seek(video, parseFloat(button.dataset.time)); });
      });
      video.addEventListener("timeupdate", function () {
        var current = null;
        buttons.forEach(function (b) { if (parseFloat(b.dataset.time) <= video.currentTime + 0.05) current = b; });
        buttons.forEach(function (b) {
          if (b === current) b.setAttribute("aria-current", "step"); else b.removeAttribute("aria-current");
        });
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
