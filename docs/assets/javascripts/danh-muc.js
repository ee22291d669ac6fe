/*
 * The menu button, for keyboards and screen readers. Material opens its navigation drawer
 * with a <label for="__drawer"> (a hidden checkbox): a mouse can press it, a keyboard cannot
 * reach it. Here a real button takes its place: focusable, pressed with Enter or Space, it
 * says whether the menu is open, and Escape closes the menu and returns to it. Without
 * JavaScript the label stays (it still works with a mouse or a finger).
 */
(function () {
  "use strict";

  function enhance() {
    var drawer = document.getElementById("__drawer");
    var label = document.querySelector('label.md-header__button[for="__drawer"]');
    if (!drawer || !label) return;

    var button = document.createElement("button");
    button.type = "button";
    button.className = label.className + " tt-menu-button";
    button.setAttribute("aria-label", label.getAttribute("aria-label") || "Mở danh mục");
    button.innerHTML = label.innerHTML; // Material's menu icon (our own template's markup)
    label.parentNode.insertBefore(button, label);
    label.hidden = true;

    function sync() {
      button.setAttribute("aria-expanded", drawer.checked ? "true" : "false");
    }
    sync();
    drawer.addEventListener("change", sync);
    button.addEventListener("click", function () {
      drawer.click(); // the checkbox's own change: Material's styles and scripts follow it
      sync();
      if (drawer.checked) {
        var first = document.querySelector(".md-sidebar--primary .md-nav__link[href]");
        if (first) first.focus();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && drawer.checked) {
        drawer.click();
        sync();
        button.focus();
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", enhance);
  else enhance();
})();
