/* Slide deck for screen sharing: one slide at a time, keyboard and buttons, the slide
   number in the address (#3) so a trainer can link to a slide; no server needed. */
(function () {
  "use strict";
  var slides = Array.prototype.slice.call(document.querySelectorAll(".slide"));
  var counter = document.querySelector(".counter");
  var current = 0;

  function show(index) {
    current = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach(function (slide, i) {
      slide.hidden = i !== current;
      slide.setAttribute("aria-hidden", String(i !== current));
    });
    counter.textContent = (current + 1) + " / " + slides.length;
    if (window.location.hash !== "#" + (current + 1)) history.replaceState(null, "", "#" + (current + 1));
  }

  function fromHash() {
    var n = parseInt(window.location.hash.slice(1), 10);
    show(isNaN(n) ? 0 : n - 1);
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var key = event.key;
    if (key === "ArrowRight" || key === "PageDown" || key === " " || key === "Enter") show(current + 1);
    else if (key === "ArrowLeft" || key === "PageUp" || key === "Backspace") show(current - 1);
    else if (key === "Home") show(0);
    else if (key === "End") show(slides.length - 1);
    else if (key === "f" || key === "F") {
      if (document.fullscreenElement) document.exitFullscreen();
      else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen();
    } else return;
    event.preventDefault();
  });
  document.querySelectorAll("[data-go]").forEach(function (button) {
    button.addEventListener("click", function () { show(current + (button.dataset.go === "next" ? 1 : -1)); });
  });
  window.addEventListener("hashchange", fromHash);
  document.documentElement.classList.add("js");
  fromHash();
})();
