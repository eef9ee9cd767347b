// The cost calculator updates as you type: it asks the server for the same result the form
// would show (bontrack.clinical.dosing does the sums there), so the page and the calculator
// never disagree. Without this script the form works as a plain GET form.
(function () {
  "use strict";

  var form = document.getElementById("bt-calc");
  if (!form || !window.fetch) {
    return;
  }
  var output = document.getElementById(form.dataset.output);
  var input = form.querySelector('input[name="units"]');
  var header = form.dataset.fragmentHeader;
  var timer = null;
  var pending = null;

  // The error summary and message of a submitted bad value no longer apply once it is fixed.
  function clearPageErrors() {
    ["bt-calc-errors", input.id + "-error"].forEach(function (id) {
      var element = document.getElementById(id);
      if (element) {
        element.parentNode.removeChild(element);
      }
    });
    var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
      return id && id !== input.id + "-error";
    });
    input.setAttribute("aria-describedby", described.join(" "));
  }

  function update() {
    var query = new URLSearchParams(new FormData(form)).toString();
    var url = form.getAttribute("action").split("#")[0] + "?" + query;
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    var headers = {};
    headers[header] = "calculator";
    fetch(url, { headers: headers, signal: pending.signal, credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(response.status);
      })
      .then(function (html) {
        output.innerHTML = html;
        var bad = output.querySelector("[data-error]") !== null;
        input.setAttribute("aria-invalid", bad ? "true" : "false");
        if (!bad) {
          clearPageErrors();
        }
        if (window.history && window.history.replaceState) {
          window.history.replaceState(null, "", "?" + query + "#calculator");
        }
      })
      .catch(function () {
        // A failed or aborted request leaves the last result; the button still submits.
      });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 300);
  });
})();
