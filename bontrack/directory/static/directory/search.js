// The directory search page: after htmx shows another page of results, move keyboard focus
// to the results heading, since the page link that had focus is gone.
document.addEventListener("htmx:afterSwap", function (event) {
  var source = event.detail && event.detail.requestConfig && event.detail.requestConfig.elt;
  if (source && source.hasAttribute && source.hasAttribute("data-bt-pager")) {
    var heading = document.getElementById("results-heading");
    if (heading) {
      heading.focus();
    }
  }
});
