/* Chapter list under a walkthrough video: a button per step jumps to it, and the step
   being played is marked (aria-current) so clerks see where they are. */
(function () {
  "use strict";
  function init() {
    document.querySelectorAll(".tt-video").forEach(function (box) {
      var video = box.querySelector("video");
      var buttons = Array.prototype.slice.call(box.querySelectorAll(".tt-chapter"));
      buttons.forEach(function (button) {
        button.addEventListener("click", function () {
          video.currentTime = parseFloat(button.dataset.time);
          var playing = video.play();
          if (playing && playing.catch) playing.catch(function () {});
        });
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
