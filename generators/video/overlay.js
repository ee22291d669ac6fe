// Visual aids of the training videos, injected into every page of the portal while recording:
// the caption bar, a cursor that travels to each target, a click ripple, a highlight around the
// active element, and blurring of masked sample data. Python drives it through
// window.__thutucOverlay; its state is replayed on every new page by an init script.
(() => {
  if (window.top !== window || window.__thutucOverlay) return;
  if (!/^https?:$/.test(location.protocol)) return;
  const CONFIG = window.__thutucOverlayConfig || {};
  const state = { caption: "", badge: "", captions: CONFIG.captions !== false, cursor: null, masks: [] };
  let host = null, root = null, highlighted = null, scheduled = false;

  const CSS = `
    :host { all: initial; }
    .layer { position: fixed; inset: 0; pointer-events: none; z-index: 2147483647;
             font-family: "Thutuc Noto Sans", "Noto Sans", sans-serif; }
    .caption { position: absolute; left: 50%; transform: translateX(-50%); bottom: 22px;
               width: min(1120px, calc(100vw - 48px)); box-sizing: border-box;
               padding: 14px 22px 16px; border-radius: 12px; background: rgba(15, 23, 42, .88);
               color: #fff; font-size: 25px; line-height: 1.38; font-weight: 400;
               box-shadow: 0 6px 24px rgba(0, 0, 0, .35); }
    .caption.top { bottom: auto; top: 22px; }
    .caption[hidden] { display: none; }
    .badge { display: inline-block; margin-right: 12px; padding: 1px 10px; border-radius: 999px;
             background: #f59e0b; color: #111827; font-weight: 700; font-size: 19px;
             vertical-align: 2px; }
    .cursor { position: absolute; left: 0; top: 0; width: 30px; height: 30px;
              transition-property: transform; transition-timing-function: cubic-bezier(.45, 0, .25, 1);
              filter: drop-shadow(0 2px 3px rgba(0, 0, 0, .45)); }
    .cursor[hidden] { display: none; }
    .ripple { position: absolute; width: 56px; height: 56px; margin: -28px 0 0 -28px;
              border-radius: 50%; border: 4px solid #f59e0b; background: rgba(245, 158, 11, .25);
              box-sizing: border-box; }
    .highlight { position: absolute; border: 3px solid #f59e0b; border-radius: 8px;
                 box-shadow: 0 0 0 4px rgba(245, 158, 11, .28), 0 0 18px rgba(245, 158, 11, .55); }
    .highlight[hidden] { display: none; }`;
  const CURSOR = `<svg viewBox="0 0 24 24" width="30" height="30" aria-hidden="true">
    <path d="M4 2 L4 19 L8.6 14.8 L11.6 21.6 L14.6 20.3 L11.6 13.6 L17.8 13.6 Z"
          fill="#111827" stroke="#ffffff" stroke-width="1.6" stroke-linejoin="round"/></svg>`;

  // ---- Building the layer (once the page has a body) ---------------------------------
  function mount() {
    if (host && host.isConnected) return true;
    if (!document.body || !document.head) return false;
    if (CONFIG.fontCss && !document.getElementById("__thutuc-fonts")) {
      const fonts = document.createElement("style");
      fonts.id = "__thutuc-fonts";
      fonts.textContent = CONFIG.fontCss + "\n[data-thutuc-mask] { filter: blur(7px) !important; }"
        + "\nspan[data-thutuc-mask] { display: inline-block; }";
      document.head.appendChild(fonts);
    }
    host = document.createElement("thutuc-overlay");
    host.setAttribute("aria-hidden", "true");
    root = host.attachShadow({ mode: "open" });
    root.innerHTML = `<style>${CSS}</style><div class="layer">
      <div class="highlight" hidden></div><div class="cursor" hidden>${CURSOR}</div>
      <div class="caption" hidden><span class="badge"></span><span class="text"></span></div></div>`;
    document.documentElement.appendChild(host);
    render();
    new MutationObserver(scheduleMasks).observe(document.body, { subtree: true, childList: true, characterData: true });
    window.addEventListener("scroll", placeHighlight, { passive: true });
    window.addEventListener("resize", placeHighlight);
    return true;
  }
  const $ = (selector) => root.querySelector(selector);

  function render() {
    if (!root) return;
    const caption = $(".caption");
    caption.hidden = !(state.captions && state.caption);
    $(".badge").textContent = state.badge;
    $(".badge").hidden = !state.badge;
    $(".text").textContent = state.caption;
    const cursor = $(".cursor");
    if (state.cursor) {
      cursor.hidden = false;
      cursor.style.transitionDuration = "0s";
      cursor.style.transform = `translate(${state.cursor.x}px, ${state.cursor.y}px)`;
    }
    applyMasks();
  }

  // ---- Masked sample data: the fields and any text that repeats their values -------
  function applyMasks() {
    if (!state.masks.length || !document.body) return;
    for (const field of document.querySelectorAll("input, textarea")) {
      if (state.masks.includes(field.value)) field.setAttribute("data-thutuc-mask", "");
    }
    // Text that repeats a masked value (a summary page): only the value itself is blurred.
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.hasAttribute("data-thutuc-mask") || /^(SCRIPT|STYLE)$/.test(parent.tagName)) continue;
      if (state.masks.some((value) => value && node.nodeValue.includes(value))) found.push(node);
    }
    for (let node of found) {
      for (const value of state.masks) {
        const at = value ? node.nodeValue.indexOf(value) : -1;
        if (at < 0) continue;
        const middle = node.splitText(at);
        const rest = middle.splitText(value.length);
        const veil = document.createElement("span");
        veil.setAttribute("data-thutuc-mask", "");
        middle.replaceWith(veil);
        veil.appendChild(middle);
        node = rest;
      }
    }
  }
  function scheduleMasks() {
    if (scheduled || !state.masks.length) return;
    scheduled = true;
    requestAnimationFrame(() => { scheduled = false; applyMasks(); });
  }

  // ---- Highlight around the active element -------------------------------------------
  function placeHighlight() {
    if (!root) return;
    const box = $(".highlight");
    if (!highlighted || !highlighted.isConnected) { box.hidden = true; return; }
    const r = highlighted.getBoundingClientRect();
    box.hidden = false;
    Object.assign(box.style, { left: `${r.left - 6}px`, top: `${r.top - 6}px`,
                               width: `${r.width + 12}px`, height: `${r.height + 12}px` });
  }

  // The element to point at: a hidden file input (often drawn 1 px wide, visually hidden)
  // is shown through its label or parent.
  function visibleProxy(el) {
    const r = el.getBoundingClientRect();
    if (r.width > 3 && r.height > 3) return el;
    if (el.labels && el.labels.length) return el.labels[el.labels.length - 1];
    return el.parentElement || el;
  }

  // Scroll so the element sits clear of the caption; move the caption up when it cannot.
  function reveal(el) {
    const caption = $(".caption");
    caption.classList.remove("top");
    const free = innerHeight - (caption.hidden ? 0 : caption.offsetHeight + 40);
    let r = el.getBoundingClientRect();
    if (r.top < 16 || r.bottom > free) {
      window.scrollBy({ top: r.top - Math.max(16, (free - r.height) / 2), behavior: "instant" });
      r = el.getBoundingClientRect();
    }
    if (r.bottom > free && !caption.hidden) caption.classList.add("top");
    return r;
  }

  function finished(node) {
    return Promise.all(node.getAnimations({ subtree: true }).map((a) => a.finished.catch(() => null)));
  }
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

  window.__thutucOverlay = {
    set(next) {
      const { clear, ...rest } = next;
      if (clear) highlighted = null;
      Object.assign(state, rest);
      if (!mount()) return;
      render();
    },
    // Point at an element: reveal it, highlight it, move the cursor to it (animated).
    async point(el, travel) {
      mount();
      const target = visibleProxy(el);
      const r = reveal(target);
      highlighted = target;
      placeHighlight();
      const x = Math.round(r.left + Math.min(r.width / 2, 40)), y = Math.round(r.top + r.height / 2);
      const cursor = $(".cursor");
      const from = state.cursor || { x: innerWidth / 2, y: innerHeight / 2 };
      const distance = Math.hypot(x - from.x, y - from.y);
      const seconds = travel ? Math.min(0.6, Math.max(0.25, distance / 1800)) : 0;
      if (cursor.hidden) {
        cursor.hidden = false;
        cursor.style.transitionDuration = "0s";
        cursor.style.transform = `translate(${from.x}px, ${from.y}px)`;
        await frame();
      }
      cursor.style.transitionDuration = `${seconds}s`;
      cursor.style.transform = `translate(${x}px, ${y}px)`;
      state.cursor = { x, y };
      if (seconds) {
        await new Promise((resolve) => {
          const done = () => { cursor.removeEventListener("transitionend", done); resolve(); };
          cursor.addEventListener("transitionend", done);
          setTimeout(done, seconds * 1000 + 80);
        });
      }
      return { x, y };
    },
    ripple() {
      if (!mount() || !state.cursor) return;
      const ring = document.createElement("div");
      ring.className = "ripple";
      Object.assign(ring.style, { left: `${state.cursor.x}px`, top: `${state.cursor.y}px` });
      $(".layer").insertBefore(ring, $(".cursor"));
      ring.animate([{ transform: "scale(.2)", opacity: 1 }, { transform: "scale(1.5)", opacity: 0 }],
                   { duration: 380, easing: "ease-out", fill: "forwards" }).finished.then(() => ring.remove());
    },
    // Highlight an element without moving the cursor (waits and checks).
    show(el) {
      mount();
      highlighted = visibleProxy(el);
      reveal(highlighted);
      placeHighlight();
    },
    mask(el) {
      mount();
      el.setAttribute("data-thutuc-mask", "");
    },
    unhighlight() {
      highlighted = null;
      placeHighlight();
    },
    // Where the outline is drawn (page pixels), for the step pictures; null when none is.
    outline() {
      if (!root || !highlighted || !highlighted.isConnected) return null;
      placeHighlight();
      const r = $(".highlight").getBoundingClientRect();
      return { x: Math.round(r.left), y: Math.round(r.top), width: Math.round(r.width), height: Math.round(r.height) };
    },
    // Resolves once every aid has stopped moving and the result is painted.
    async settle() {
      if (root) await finished(root);
      await document.fonts.ready;
      placeHighlight();
      await frame();
    },
  };
  if (window.__thutucState) window.__thutucOverlay.set(window.__thutucState);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => window.__thutucOverlay.set({}));
  } else {
    window.__thutucOverlay.set({});
  }
})();
