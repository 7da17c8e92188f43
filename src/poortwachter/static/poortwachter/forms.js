// After a refused submit, move the focus to the form's error summary (GOV.UK / NL Design
// System pattern): a screen reader reads it, and on a phone the page scrolls to it
// instead of looking unchanged. A link in the summary moves the focus to its field.
// Loaded from 'self' with defer: the Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  function focusSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) { return; }
    summary.focus();
    summary.scrollIntoView({ block: "start" });
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) { return; }
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field) { return; }
      event.preventDefault();
      var group = field.closest(".form-field") || field;
      group.scrollIntoView({ block: "start" });
      field.focus({ preventScroll: true });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusSummary);
  } else {
    focusSummary();
  }
})();
