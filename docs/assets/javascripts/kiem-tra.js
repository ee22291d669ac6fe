/* Self-check quiz: immediate feedback per question and a running score, in the browser
   only. Without JavaScript each question still shows its explanation (details). */
(function () {
  "use strict";
  function init() {
    document.querySelectorAll("form.tt-quiz").forEach(function (form) {
      var questions = Array.prototype.slice.call(form.querySelectorAll(".tt-question"));
      var score = form.querySelector(".tt-score");
      var results = {};

      function update() {
        var answered = Object.keys(results).length;
        var right = Object.keys(results).filter(function (k) { return results[k]; }).length;
        score.textContent = "Điểm: " + right + "/" + questions.length + " (đã trả lời " + answered + " câu)";
      }

      questions.forEach(function (fieldset) {
        var button = fieldset.querySelector(".tt-answer");
        var feedback = fieldset.querySelector(".tt-feedback");
        var explanation = fieldset.querySelector(".tt-explanation");
        explanation.hidden = true;
        button.addEventListener("click", function () {
          var inputs = Array.prototype.slice.call(fieldset.querySelectorAll("input"));
          if (!inputs.some(function (i) { return i.checked; })) {
            feedback.className = "tt-feedback";
            feedback.textContent = "Hãy chọn ít nhất một phương án.";
            return;
          }
          var right = inputs.every(function (i) { return i.checked === (i.dataset.correct === "true"); });
          results[fieldset.dataset.question] = right;
          feedback.className = "tt-feedback " + (right ? "tt-feedback--right" : "tt-feedback--wrong");
          feedback.textContent = right ? "Đúng." : "Chưa đúng. Đáp án đúng được đánh dấu bên trên.";
          inputs.forEach(function (i) {
            i.closest("label").classList.toggle("tt-option--correct", i.dataset.correct === "true");
          });
          explanation.hidden = false;
          explanation.open = true;
          update();
        });
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
