// The ED alert board: signs in (a form, or the hospital's single sign-on; session cookie), lists visits with alerts, follows new alerts live
// over Server-Sent Events, and opens a visit with its ECG drawn and its score history.
const $ = id => document.getElementById(id);
let selectedVisit = null;
let stream = null;
// The scoring service changes model while the board is open (continuous training releases a challenger that passed
// the gate): the header follows it, says when it changed and shows the gate's reason for the release.
const MODEL_POLL_MS = 15000;
let modelPoll = null;
let shownRelease; // undefined until the first status: then a release's name, or null while there is no model
let changeNote = "";

let signInMethod = "form"; // or "oidc": the hospital's single sign-on (GET /sign-in-method)

async function api(path) {
  // X-Requested-With: an expired single sign-on session answers 499 instead of redirecting a script to the provider
  const r = await fetch(path, { credentials: "same-origin", headers: { "X-Requested-With": "JavaScript" } });
  if (r.status === 401 || r.status === 499) { showLogin(); throw new Error("not signed in"); }
  if (r.status === 403) { showRefused(); throw new Error("not allowed"); }
  if (!r.ok) throw new Error(path + ": HTTP " + r.status);
  return r.json();
}

function showLogin() {
  $("login").hidden = false;
  $("login-form").hidden = signInMethod === "oidc";
  $("sso").hidden = signInMethod !== "oidc";
  $("board").hidden = true;
  if (stream) { stream.close(); stream = null; }
}

function showRefused() {
  $("login").hidden = true;
  $("board").hidden = true;
  $("refused").hidden = false;
  $("sign-out").hidden = signInMethod !== "oidc";
  if (stream) { stream.close(); stream = null; }
}

$("login-form").addEventListener("submit", async e => {
  e.preventDefault();
  const body = new URLSearchParams({ j_username: $("username").value, j_password: $("password").value });
  const r = await fetch("/j_security_check", { method: "POST", body, credentials: "same-origin" });
  if (r.ok) { $("login-error").hidden = true; start(); } else { $("login-error").hidden = false; }
});

function time(t) { return t ? new Date(t).toLocaleString() : "–"; }
function pct(p) { return (100 * p).toFixed(1) + " %"; }
function levelName(l) { return { RULE_IN: "RULE-IN", OBSERVE: "OBSERVE", RULE_OUT: "RULE-OUT" }[l] || l; }

async function start() {
  const me = await api("/api/me");
  $("login").hidden = true;
  $("board").hidden = false;
  $("user").textContent = me.user;
  await showModel();
  await refresh();
  follow();
  if (!modelPoll) modelPoll = setInterval(() => { if (!$("board").hidden) showModel().catch(() => {}); }, MODEL_POLL_MS);
}

async function showModel() {
  const status = await api("/api/scoring/status");
  const m = status.model;
  const release = m ? m.name + " " + m.release : null;
  if (shownRelease !== undefined && release !== shownRelease) {
    changeNote = release ? ` · changed ${new Date().toLocaleTimeString()} (was ${shownRelease || "no model"})` : "";
  }
  $("model").textContent = m ? `model ${m.name} ${m.release} (${m.architecture})` + (m.metrics["auc.temporalTest"] ? ` · AUC ${m.metrics["auc.temporalTest"].toFixed(2)}` : "")
    + (m.placeholder ? " · UNTRAINED PLACEHOLDER, not clinical" : "") + changeNote
    : "no model: " + status.notReadyBecause;
  $("model").title = m && m.decision ? "released: " + m.decision : "";
  $("model-decision").textContent = m && m.decision ? "released: " + m.decision : "";
  $("model").classList.toggle("placeholder", !!(m && m.placeholder));
  $("model").classList.toggle("changed", changeNote !== "");
  shownRelease = release;
}

async function refresh(freshVisit) {
  const hospital = $("hospital").value;
  const visits = await api("/api/alerts" + (hospital ? "?hospital=" + encodeURIComponent(hospital) : ""));
  const list = $("alerts");
  list.replaceChildren(...visits.map(v => {
    const li = document.createElement("li");
    li.className = v.current.level + (v.visitId === freshVisit ? " fresh" : "");
    li.dataset.visit = v.visitId;
    li.dataset.level = v.current.level;
    li.innerHTML = `<span class="level">${levelName(v.current.level)}</span> ${pct(v.current.probability)} · ${v.hospitalId || ""}`
      + `<br><small>visit ${v.visitId} · patient ${v.patientId} · ${time(v.current.raisedAt)}</small>`;
    li.addEventListener("click", () => openVisit(v.visitId));
    return li;
  }));
  const hospitals = new Set([...$("hospital").options].map(o => o.value));
  visits.forEach(v => { if (v.hospitalId && !hospitals.has(v.hospitalId)) { $("hospital").add(new Option(v.hospitalId, v.hospitalId)); hospitals.add(v.hospitalId); } });
  if (selectedVisit && visits.some(v => v.visitId === selectedVisit)) openVisit(selectedVisit, false);
}

function follow() {
  if (stream) stream.close();
  stream = new EventSource("/api/alerts/stream");
  stream.onopen = () => { $("live").className = "live on"; };
  stream.onerror = () => { $("live").className = "live off"; };
  stream.onmessage = e => { const a = JSON.parse(e.data); refresh(a.visitId); };
}

async function openVisit(visitId, redraw = true) {
  selectedVisit = visitId;
  const v = await api("/api/visits/" + encodeURIComponent(visitId));
  $("visit").hidden = false;
  $("visit-title").textContent = `Visit ${v.visitId} — ${levelName(v.current.level)}`;
  $("visit-facts").textContent = `patient ${v.patientId} · ${v.hospitalId || ""} · alerted by ECG ${v.current.ecgId} · model ${v.current.modelName} ${v.current.modelVersion}`
    + (v.current.placeholderModel ? " (untrained placeholder: not clinical)" : "");
  const body = $("scores").tBodies[0];
  body.replaceChildren(...v.scores.map(s => {
    const tr = document.createElement("tr");
    const level = s.probability >= s.ruleIn ? "RULE_IN" : s.probability < s.ruleOut ? "RULE_OUT" : "OBSERVE";
    tr.innerHTML = `<td>${time(s.acquiredAt)}</td><td>${pct(s.probability)}</td><td>${levelName(level)}</td><td>${s.modelVersion}</td>`
      + `<td>${(new Date(s.scoredAt) - new Date(s.ingestedAt))} ms</td>`;
    return tr;
  }));
  const latest = v.scores.length ? v.scores[v.scores.length - 1].ecgId : v.current.ecgId;
  if (redraw || $("ecg").dataset.drawn !== latest) {
    try { EcgDrawing.draw($("ecg"), await api("/api/ecgs/" + encodeURIComponent(latest))); }
    catch (e) { $("ecg").dataset.drawn = ""; $("visit-facts").textContent += " · ECG not available: " + e.message; }
  }
}

$("hospital").addEventListener("change", () => refresh());
fetch("/sign-in-method").then(r => r.json()).then(m => { signInMethod = m.method; }).catch(() => {})
  .finally(() => api("/api/me").then(start).catch(() => {}));
