/*
 * Tables wider than the screen (on a phone) scroll sideways inside their frame. Such a frame
 * is made reachable by keyboard (a focusable region named after its table, so arrow keys
 * scroll it) and gets a visible hint above it; both go away when the table fits again.
 */
(function () {
  "use strict";

  var HINT = "Bảng rộng hơn màn hình: vuốt hoặc cuộn ngang để xem hết các cột →";

  function label(wrap) {
    var caption = wrap.querySelector("caption");
    var heading = caption ? caption.textContent.trim() : "";
    return heading ? "Bảng: " + heading + " (cuộn ngang)" : "Bảng (cuộn ngang)";
  }

  function update(wrap) {
    var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
    var hint = wrap.previousElementSibling;
    var hasHint = hint && hint.classList.contains("tt-table-hint");
    if (scrolls) {
      wrap.tabIndex = 0;
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", label(wrap));
      if (!hasHint) {
        hint = document.createElement("p");
        hint.className = "tt-table-hint";
        hint.setAttribute("aria-hidden", "true"); // the region's name already says it
        hint.textContent = HINT;
        wrap.parentNode.insertBefore(hint, wrap);
      }
    } else {
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-label");
      if (hasHint) hint.remove();
    }
  }

  function all() {
    document.querySelectorAll(".tt-table-wrap").forEach(update);
  }

  var pending = 0;
  window.addEventListener("resize", function () {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(all);
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", all);
  else all();
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(all);
})();
