// Progressive enhancement of the idea form: while a title is typed, show ideas with similar
// titles from the same process (same origin, no third-party code). Without JavaScript the form
// shows the same hints as a confirmation step after the first submit.
(function () {
  "use strict";
  var form = document.querySelector("form[data-similar-url]");
  var box = document.getElementById("similar-live");
  var title = form && form.querySelector("input[name='title']");
  if (!form || !box || !title || !window.fetch) { return; }
  var timer = null;
  var last = "";

  function render(ideas) {
    box.textContent = "";
    if (!ideas.length) { return; }
    var heading = document.createElement("p");
    heading.className = "hint";
    heading.textContent = box.getAttribute("data-heading") || "Ähnliche Ideen gibt es schon:";
    var list = document.createElement("ul");
    ideas.forEach(function (idea) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = idea.url;
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = idea.title;
      item.appendChild(link);
      list.appendChild(item);
    });
    box.appendChild(heading);
    box.appendChild(list);
  }

  function lookUp() {
    var value = title.value.trim();
    if (value === last) { return; }
    last = value;
    if (value.length < 3) { render([]); return; }
    var url = form.getAttribute("data-similar-url") + "?verfahren=" +
      encodeURIComponent(form.getAttribute("data-process")) + "&titel=" + encodeURIComponent(value);
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { ideas: [] }; })
      .then(function (data) { render(data.ideas || []); })
      .catch(function () { render([]); });
  }

  title.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(lookUp, 400);
  });
})();
