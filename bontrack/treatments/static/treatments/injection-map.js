// The injection map: each site on the SVG becomes a button that marks it used or not used
// (Enter, Space, click) and changes the units for its muscle and side (arrow keys). The
// number inputs of the form stay the record; the map only reads and writes them, so the
// page works the same without this script.
(function () {
  "use strict";

  var map = document.getElementById("bt-map");
  var form = document.getElementById("bt-session-form");
  if (!map || !form) {
    return;
  }
  var words = map.dataset;

  function input(key, kind) {
    return form.querySelector('input[data-key="' + key + '"][data-kind="' + kind + '"]');
  }

  function value(field) {
    var n = parseInt(field.value, 10);
    return isNaN(n) || n < 0 ? 0 : n;
  }

  function circles(key) {
    return Array.prototype.slice.call(map.querySelectorAll('circle[data-key="' + key + '"]'));
  }

  function perSite(key) {
    var sites = value(input(key, "sites"));
    return sites ? Math.round((value(input(key, "units")) / sites) * 10) / 10 : 0;
  }

  function label(site) {
    var used = site.getAttribute("aria-pressed") === "true";
    var what = used ? perSite(site.dataset.key) + " " + words.wordUnits : words.wordUnused;
    site.setAttribute(
      "aria-label",
      site.dataset.label + ", " + words.wordSite + " " + site.dataset.index + ", " + what
    );
  }

  function setUsed(site, used) {
    site.setAttribute("aria-pressed", used ? "true" : "false");
    site.classList.toggle("bt-site--unused", !used);
  }

  // The first N sites of a row are used, N from its sites input.
  function syncRow(key) {
    var sites = value(input(key, "sites"));
    circles(key).forEach(function (site) {
      setUsed(site, Number(site.dataset.index) <= sites);
    });
  }

  function relabelRow(key) {
    circles(key).forEach(label);
  }

  function totals() {
    var units = 0;
    var sites = 0;
    var perMuscle = {};
    form.querySelectorAll('input[data-kind="units"]').forEach(function (field) {
      var key = field.dataset.key;
      var muscle = field.dataset.muscle;
      var u = value(field);
      var s = value(input(key, "sites"));
      units += u;
      sites += s;
      perMuscle[muscle] = perMuscle[muscle] || [0, 0];
      perMuscle[muscle][0] += s;
      perMuscle[muscle][1] += u;
    });
    Object.keys(perMuscle).forEach(function (muscle) {
      var s = document.querySelector('[data-muscle-sites="' + muscle + '"]');
      var u = document.querySelector('[data-muscle-units="' + muscle + '"]');
      if (s) { s.textContent = perMuscle[muscle][0]; }
      if (u) { u.textContent = perMuscle[muscle][1]; }
    });
    var totalUnits = document.querySelector('#bt-session-total [data-total="units"]');
    var totalSites = document.querySelector('#bt-session-total [data-total="sites"]');
    if (totalUnits) { totalUnits.textContent = units; }
    if (totalSites) { totalSites.textContent = sites; }
  }

  function add(field, delta) {
    field.value = Math.max(0, value(field) + delta);
  }

  function toggle(site) {
    var key = site.dataset.key;
    var used = site.getAttribute("aria-pressed") === "true";
    var dose = perSite(key) || 5;
    add(input(key, "sites"), used ? -1 : 1);
    add(input(key, "units"), used ? -Math.round(dose) : Math.round(dose));
    setUsed(site, !used);
    relabelRow(key);
    totals();
  }

  function changeUnits(site, delta) {
    add(input(site.dataset.key, "units"), delta);
    relabelRow(site.dataset.key);
    totals();
  }

  function highlight(key, on) {
    var row = input(key, "units").closest("tr");
    if (row) { row.classList.toggle("bt-row--active", on); }
  }

  var steps = { ArrowUp: 1, ArrowRight: 1, ArrowDown: -1, ArrowLeft: -1, PageUp: 5, PageDown: -5 };

  map.querySelectorAll("svg").forEach(function (svg) {
    svg.setAttribute("role", "group");
  });
  var keys = {};
  map.querySelectorAll("circle[data-key]").forEach(function (site) {
    keys[site.dataset.key] = true;
    site.setAttribute("role", "button");
    site.setAttribute("tabindex", "0");
    site.setAttribute("aria-describedby", "bt-map-help");
    setUsed(site, !site.classList.contains("bt-site--unused"));
    site.addEventListener("click", function () { toggle(site); });
    site.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        toggle(site);
      } else if (Object.prototype.hasOwnProperty.call(steps, event.key)) {
        event.preventDefault();
        changeUnits(site, steps[event.key]);
      }
    });
    site.addEventListener("focus", function () { highlight(site.dataset.key, true); });
    site.addEventListener("blur", function () { highlight(site.dataset.key, false); });
  });
  Object.keys(keys).forEach(relabelRow);

  form.querySelectorAll("input.bt-map-input").forEach(function (field) {
    field.addEventListener("input", function () {
      if (field.dataset.kind === "sites") { syncRow(field.dataset.key); }
      relabelRow(field.dataset.key);
      totals();
    });
  });

  var help = document.getElementById("bt-map-help");
  if (help) { help.hidden = false; }

  // The sites are many tab stops before the table; the skip link (shown on focus, and only
  // when the sites are buttons) jumps past them to the table's heading, so the next Tab
  // reaches the first field of the table. The heading takes focus only this way.
  var skip = document.getElementById("bt-map-skip");
  if (skip) {
    skip.hidden = false;
    skip.addEventListener("click", function () {
      var target = document.getElementById(skip.getAttribute("href").slice(1));
      if (target) { target.focus(); }
    });
  }
})();
