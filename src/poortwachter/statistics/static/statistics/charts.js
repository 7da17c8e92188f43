// Draws the statistics charts from the JSON the page embeds with json_script (the CSP
// forbids inline scripts). Every chart has a table with the same figures beside it;
// suppressed cells are null here and appear as gaps.
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("statistics-data");
    if (!source || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    if (!data) { return; }
    var colour = getComputedStyle(document.documentElement).getPropertyValue("--pw-primary").trim() || "#1f5f8b";
    function chart(id, type, labels, values, label) {
      var canvas = document.getElementById(id);
      if (!canvas || !labels.length) { return; }
      new window.Chart(canvas, {
        type: type,
        data: { labels: labels, datasets: [{ label: label, data: values, backgroundColor: colour, borderColor: colour, spanGaps: false }] },
        options: { animation: false, responsive: true, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } }
      });
    }
    var lang = document.documentElement.lang === "en";
    var pct = lang ? "Absence %" : "Verzuimpercentage";
    chart("chart-months", "line", data.months.labels, data.months.absence, pct);
    chart("chart-quarters", "bar", data.quarters.labels, data.quarters.absence, pct);
    chart("chart-departments", "bar", data.departments.labels, data.departments.absence, pct);
    chart("chart-classes", "bar", data.classes.labels, data.classes.counts, lang ? "Reports" : "Meldingen");
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
