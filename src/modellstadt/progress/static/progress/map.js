/* /karte/: enhances the list with a Leaflet map. Markers come from /karte/daten.json for the visible
   area (grouped into clusters when there are many). Every marker is a focusable button (Tab, Enter).
   The link "Orte dieses Kartenausschnitts als Liste" follows the view, so what a cluster holds can be
   read as a list too.
   The base map is the operator's PMTiles file served by the portal itself (protomaps-leaflet); without
   it the markers stand on a plain background. Districts with an outline are drawn as lines. Nothing is
   loaded from another host. */
(function () {
  "use strict";
  var el = document.querySelector("[data-map]");
  if (!el || !window.L) { return; }
  var L = window.L;
  var status = document.getElementById("karte-status");
  var map = L.map(el, { keyboard: true, zoomSnap: 1, attributionControl: true });
  map.attributionControl.setPrefix(false);
  if (el.dataset.baseMap && window.protomapsL) {
    window.protomapsL.leafletLayer({ url: el.dataset.baseMap, flavor: "light", lang: "de",
      attribution: el.dataset.attribution }).addTo(map);
  }
  var bounds = null;
  try { bounds = JSON.parse(el.dataset.bounds); } catch (e) { bounds = null; }
  if (bounds) {
    map.fitBounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]], { padding: [30, 30], maxZoom: 15 });
  } else {
    map.setView([51.0, 10.4], 6);
  }
  // District outlines (GeoJSON from the page): thin lines for orientation, the chosen district stronger.
  // Not interactive: the districts are chosen in the list "Orte nach Stadtteil" below the map.
  if (el.dataset.districts) {
    try {
      L.geoJSON(JSON.parse(el.dataset.districts), {
        interactive: false,
        style: function (feature) {
          return feature.properties.current
            ? { color: "#0b5cab", weight: 3, fillColor: "#0b5cab", fillOpacity: 0.06 }
            : { color: "#596673", weight: 1, dashArray: "4 3", fill: false };
        }
      }).addTo(map);
    } catch (e) { /* no outlines */ }
  }
  var layer = L.layerGroup().addTo(map);
  var request = 0;

  function card(item) {
    var box = document.createElement("div");
    box.className = "map-card";
    var kind = document.createElement("p");
    kind.className = "kind";
    kind.textContent = item.type === "projekt" ? el.dataset.labelProject : el.dataset.labelIdea;
    var title = document.createElement("h3");
    var link = document.createElement("a");
    link.href = item.url;
    link.textContent = item.title;
    title.appendChild(link);
    var meta = document.createElement("p");
    meta.textContent = item.status + (item.place ? " · " + item.place : "");
    box.appendChild(kind); box.appendChild(title); box.appendChild(meta);
    return box;
  }

  function icon(item) {
    if (item.type === "cluster") {
      var size = item.count < 100 ? 32 : (item.count < 1000 ? 40 : 48);
      return L.divIcon({ className: "map-marker map-marker-cluster", html: String(item.count), iconSize: [size, size] });
    }
    return L.divIcon({ className: "map-marker map-marker-" + item.type, html: "", iconSize: [18, 18] });
  }

  function draw(data) {
    layer.clearLayers();
    data.features.forEach(function (item) {
      var label = item.type === "cluster" ? item.count + " " + el.dataset.labelCluster
        : (item.type === "projekt" ? el.dataset.labelProject : el.dataset.labelIdea) + ": " + item.title;
      var marker = L.marker([item.lat, item.lon], { icon: icon(item), keyboard: true, title: label, alt: label });
      if (item.type === "cluster") {
        marker.on("click", function () { map.setView([item.lat, item.lon], Math.min(map.getZoom() + 2, 18)); });
      } else {
        marker.bindPopup(card(item));
        marker.on("popupopen", function (event) {
          var link = event.popup.getElement().querySelector(".map-card a");
          if (link) { link.focus(); }
        });
      }
      marker.addTo(layer);
      var node = marker.getElement();
      if (node) { node.setAttribute("role", "button"); node.setAttribute("aria-label", label); }
    });
    if (status) { status.textContent = data.total + " " + (data.clustered ? el.dataset.labelCluster : ""); }
  }

  var listLink = document.getElementById("karte-liste");

  function showListLink(bbox) {
    // The places of the current view as the accessible list: the page itself, narrowed to this rectangle.
    if (!listLink) { return; }
    var params = new URLSearchParams(el.dataset.query || "");
    ["ausschnitt", "stadtteil", "seite"].forEach(function (name) { params.delete(name); });
    params.set("ausschnitt", bbox);
    listLink.href = "?" + params.toString() + "#liste-title";
    listLink.hidden = false;
  }

  function load() {
    var b = map.getBounds();
    var bbox = [Math.max(b.getWest(), -180), Math.max(b.getSouth(), -90), Math.min(b.getEast(), 180),
      Math.min(b.getNorth(), 90)].map(function (n) { return n.toFixed(5); }).join(",");
    showListLink(bbox);
    var url = el.dataset.dataUrl + "?bbox=" + bbox + "&zoom=" + map.getZoom() + (el.dataset.query ? "&" + el.dataset.query : "");
    var mine = ++request;
    fetch(url, { headers: { Accept: "application/json" } }).then(function (r) { return r.json(); }).then(function (data) {
      if (mine === request) { draw(data); }
    });
  }
  map.on("moveend", load);
  load();
})();
