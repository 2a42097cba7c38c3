/* The attendee's service worker (scope /j/): the input page opens again without a network,
   so a phone that lost the Wi-Fi and reloads still sees its waiting input (kept in
   localStorage by attendee.js) rather than the browser's offline page.

   Pages: network first, the last copy when there is no answer. Scripts and styles: the
   cached copy at once (their URLs carry a content hash, so it is never stale). The API and
   Socket.IO always go to the network: an input is only ever "sent" when the server says so.
   Browsers run service workers only on secure origins (HTTPS, or localhost): on a venue LAN
   served over plain HTTP this file is simply not used, and the outbox still works. */
"use strict";
var CACHE = "fkp-attendee-v1";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

function pageFirst(request) {
  return fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request).then(function (hit) { return hit || Response.error(); });
  });
}

function dropOtherVersions(cache, url) {
  // A new release changes an asset's ?v= hash: the copies of older versions are dead weight.
  var path = new URL(url).pathname;
  return cache.keys().then(function (keys) {
    keys.forEach(function (key) {
      if (key.url !== url && new URL(key.url).pathname === path) cache.delete(key);
    });
  });
}

function assetCached(request) {
  // Static URLs carry their content's hash (?v=): a cached copy is never stale, so it is
  // answered at once and never fetched again; an unhashed one is refreshed in the background.
  var hashed = new URL(request.url).searchParams.has("v");
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request).then(function (hit) {
      if (hit && hashed) return hit;
      var fresh = fetch(request).then(function (response) {
        if (response.ok) {
          cache.put(request, response.clone());
          if (hashed) dropOtherVersions(cache, request.url);
        }
        return response;
      });
      if (hit) { fresh.catch(function () {}); return hit; }
      return fresh;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && /^\/j\/[^/]+\/input$/.test(url.pathname)) {
    event.respondWith(pageFirst(request));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(assetCached(request));
  }
});
