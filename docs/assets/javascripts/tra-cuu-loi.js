/*
 * Triage of common errors: turns the nested list on the triage page (system > stage >
 * on-screen message) into three successive choices. Radio buttons keep it usable with
 * the keyboard and screen readers; without JavaScript the nested list stays as it is.
 */
(function () {
  "use strict";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  function nameOf(li) { return li.querySelector(":scope > .tt-triage__name").textContent; }

  function read(nav) {
    return Array.prototype.map.call(nav.querySelectorAll(".tt-triage__systems > li"), function (sys) {
      return {
        value: sys.dataset.system, label: nameOf(sys),
        stages: Array.prototype.map.call(sys.querySelectorAll(":scope > ul > li"), function (stage) {
          return {
            value: stage.dataset.stage, label: nameOf(stage),
            errors: Array.prototype.map.call(stage.querySelectorAll("a"), function (a) {
              return {
                href: a.getAttribute("href"),
                symptom: a.querySelector(".tt-triage__symptom").textContent,
                title: a.querySelector(".tt-triage__title").textContent
              };
            })
          };
        })
      };
    });
  }

  function radioGroup(legend, name, options, onPick) {
    var set = el("fieldset", { "class": "tt-triage__step" });
    set.appendChild(el("legend", null, legend));
    options.forEach(function (option, i) {
      var id = "tt-" + name + "-" + i;
      var label = el("label", { "for": id, "class": "tt-triage__choice" });
      var input = el("input", { type: "radio", name: name, id: id, value: option.value });
      input.addEventListener("change", function () { onPick(option); });
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + option.label + " (" + count(option) + ")"));
      set.appendChild(label);
    });
    return set;
  }

  function count(option) {
    if (option.errors) return option.errors.length + " lỗi";
    return option.stages.reduce(function (n, s) { return n + s.errors.length; }, 0) + " lỗi";
  }

  function start(nav) {
    var systems = read(nav);
    var ui = el("div", { "class": "tt-triage__ui" });
    var stageSlot = el("div");
    var symptomSlot = el("div");
    var status = el("p", { "class": "tt-visually-hidden", role: "status" });

    function showSymptoms(stage) {
      symptomSlot.textContent = "";
      var set = el("fieldset", { "class": "tt-triage__step" });
      set.appendChild(el("legend", null, "3. Màn hình báo gì?"));
      var list = el("ul", { "class": "tt-triage__symptoms" });
      stage.errors.forEach(function (error) {
        var item = el("li");
        var link = el("a", { href: error.href });
        link.appendChild(el("span", { "class": "tt-screen-message tt-screen-message--inline" }, error.symptom));
        link.appendChild(el("span", { "class": "tt-triage__title" }, " " + error.title));
        item.appendChild(link);
        list.appendChild(item);
      });
      set.appendChild(list);
      symptomSlot.appendChild(set);
      status.textContent = stage.errors.length + " lỗi ở bước " + stage.label;
    }

    function showStages(system) {
      stageSlot.textContent = "";
      symptomSlot.textContent = "";
      stageSlot.appendChild(radioGroup("2. Anh/chị đang ở bước nào?", "tt-stage", system.stages, showSymptoms));
      status.textContent = system.stages.length + " bước có lỗi trên " + system.label;
    }

    ui.appendChild(radioGroup("1. Lỗi hiện ra ở đâu?", "tt-system", systems, showStages));
    ui.appendChild(stageSlot);
    ui.appendChild(symptomSlot);
    ui.appendChild(status);
    nav.querySelector(".tt-triage__systems").hidden = true;
    nav.appendChild(ui);
  }

  function init() {
    var nav = document.querySelector(".tt-triage");
    if (nav) start(nav);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
