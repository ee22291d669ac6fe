/*
 * Cổng thực hành — the UI kit: alerts, labelled fields, error summary, buttons, cards,
 * facts lists, the search box. Text is always set as text (js/00-nen.js h()).
 */
(function (C) {
  "use strict";
  if (!C) return; // du-lieu.js is missing: js/00-nen.js said so on the page

  var h = C.h, icon = C.icon, ERRORS = C.ERRORS, messagesOf = C.messagesOf, go = C.go;

  // An alert region, present from the start so screen readers announce what is put in it.
  function alertZone() {
    return h("div", { class: "alert-zone", role: "alert" });
  }
  function showError(zone, id, indexes) {
    var e = ERRORS[id];
    var body = h("div", { class: "alert__body" },
      messagesOf(id, indexes).map(function (m) { return h("p", { class: "alert__message", text: m }); }),
      e ? h("p", { class: "alert__practice" },
        "Lỗi thường gặp: " + e.tieu_de + ". ",
        h("a", { href: e.trang, target: "_blank", rel: "noopener", text: "Xem cách xử lý" })) : null);
    zone.replaceChildren(h("div", { class: "alert alert--error", "data-loi": id }, icon("loi", "alert__icon"), body));
    zone.scrollIntoView({ block: "nearest" });
  }
  function showMessage(zone, kind, text, extra) {
    zone.replaceChildren(h("div", { class: "alert alert--" + kind },
      icon(kind === "success" ? "xong" : kind === "error" ? "loi" : "tin", "alert__icon"),
      h("div", { class: "alert__body" }, h("p", { class: "alert__message", text: text }), extra || null)));
    zone.scrollIntoView({ block: "nearest" });
  }
  function clearZone(zone) { zone.replaceChildren(); }

  var uid = 0;
  // A labelled input with hint and error message; returns {wrap, input, setError}.
  function field(opts) {
    var id = opts.id || "truong-" + (++uid);
    var hintId = id + "-goi-y", errorId = id + "-loi";
    var input;
    if (opts.type === "select") {
      input = h("select", { id: id, name: opts.name || id, required: opts.required });
      (opts.options || []).forEach(function (o) {
        var option = h("option", { value: o.value, text: o.label });
        if (o.value === opts.value) option.selected = true;
        input.appendChild(option);
      });
    } else {
      input = h("input", {
        id: id, name: opts.name || id, type: opts.type || "text", value: opts.value || null,
        autocomplete: opts.autocomplete || null, inputmode: opts.inputmode || null,
        readonly: opts.readonly, required: opts.required, spellcheck: opts.spellcheck, autocapitalize: opts.autocapitalize,
        maxlength: opts.maxlength || null, placeholder: opts.placeholder || null,
      });
      if (opts.value) input.value = opts.value;
    }
    var described = [opts.hint ? hintId : null, errorId].filter(Boolean).join(" ");
    input.setAttribute("aria-describedby", described);
    var error = h("p", { class: "field__error", id: errorId, hidden: true });
    var wrap = h("div", { class: "field" + (opts.readonly ? " field--readonly" : "") + (opts.className ? " " + opts.className : "") },
      // The asterisk stays outside the label, so the accessible name is exactly the label.
      h("div", { class: "field__label-row" }, h("label", { for: id, class: "field__label", text: opts.label }),
        opts.required ? h("span", { class: "field__required", "aria-hidden": "true", text: "*" }) : null),
      opts.hint ? h("p", { class: "field__hint", id: hintId, text: opts.hint }) : null,
      error,
      opts.after ? h("div", { class: "field__row" }, input, opts.after) : input);
    function setError(message) {
      if (message) {
        error.textContent = message;
        error.hidden = false;
        input.setAttribute("aria-invalid", "true");
      } else {
        error.textContent = "";
        error.hidden = true;
        input.removeAttribute("aria-invalid");
      }
    }
    return { wrap: wrap, input: input, setError: setError, label: opts.label };
  }

  // Error summary at the top of a form (links move focus to the field).
  function showSummary(zone, problems) {
    if (!problems.length) { clearZone(zone); return; }
    var box = h("div", { class: "error-summary", tabindex: "-1" },
      h("h2", { class: "error-summary__title", text: "Vui lòng kiểm tra lại thông tin" }),
      h("ul", null, problems.map(function (p) {
        return h("li", null, h("a", {
          href: "#" + p.input.id,
          onclick: function (ev) { ev.preventDefault(); p.input.focus(); },
          text: p.message,
        }));
      })));
    zone.replaceChildren(box);
    box.focus();
  }

  function button(text, opts) {
    opts = opts || {};
    // opts.name: a longer accessible name that starts with the visible text.
    return h("button", { type: opts.type || "button", class: "btn " + (opts.cls || "btn--primary"), onclick: opts.onclick || null, disabled: opts.disabled, "aria-label": opts.name || null }, opts.icon ? icon(opts.icon) : null, text);
  }

  // A titled card is a region named by its title (e.g. region "Kết quả tra cứu").
  function card(title, children, opts) {
    opts = opts || {};
    var id = title ? opts.id || "the-" + (++uid) : null;
    return h("section", { class: "card " + (opts.cls || ""), "aria-labelledby": id },
      title ? h(opts.level || "h2", { class: "card__title", id: id, text: title }) : null,
      children);
  }

  function levelBadge(p) {
    var cls = p.muc_do === "toan-trinh" ? "badge--full" : p.muc_do === "mot-phan" ? "badge--part" : "badge--info";
    return h("span", { class: "badge " + cls, text: p.muc_do_ten });
  }

  function dl(rows) {
    return h("dl", { class: "facts" }, rows.filter(function (r) { return r && r[1] !== "" && r[1] !== null; }).map(function (r) {
      return h("div", { class: "facts__row" }, h("dt", { text: r[0] }), h("dd", null, r[1]));
    }));
  }

  function searchForm(value, big) {
    var input = h("input", {
      id: "tim-thu-tuc", type: "search", name: "q", autocomplete: "off", spellcheck: "false",
      placeholder: "Ví dụ: đăng ký khai sinh, dang ky khai sinh, 1.001193",
    });
    input.value = value || "";
    return h("form", {
      class: "search" + (big ? " search--big" : ""), role: "search",
      onsubmit: function (ev) {
        ev.preventDefault();
        go("/tim-kiem?q=" + encodeURIComponent(input.value.trim()));
      },
    },
    h("label", { for: "tim-thu-tuc", class: "search__label", text: "Tìm thủ tục" }),
    h("div", { class: "search__row" }, input,
      h("button", { type: "submit", class: "btn btn--primary search__button" }, icon("tim"), "Tìm kiếm")));
  }

  Object.assign(C, { alertZone, showError, showMessage, clearZone, field, showSummary, button, card, levelBadge, dl, searchForm });
})(window.CONG_THUC_HANH);
