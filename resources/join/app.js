// The phone page of Workshop Room: shows the facilitator's current step and sends this phone's answers.
// Everything typed by people is shown with textContent only; nothing is loaded from anywhere else.
"use strict";

(function () {
  const BASE = location.pathname.replace(/\/+$/, "");
  const MAX_BYTES = 3800; // the server takes bodies of at most 4 KiB; this leaves room for the JSON around the text
  let state = null;
  let revision = -1;
  let pendingRender = false;
  let fetching = null;
  let lastState = "";
  let expired = false;
  let events = null;
  let choosing = false; // the name list is open
  const drafts = {}; // what is typed but not sent, by step and field: kept across redraws
  const picks = {}; // poll and rating choices not sent yet, by step: {statement: value}

  // -- small helpers ----------------------------------------------------------------------------
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key in node && typeof value !== "string") node[key] = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function bytes(text) {
    return new TextEncoder().encode(text).length;
  }

  let toastTimer = null;
  function toast(message, problem) {
    const box = document.getElementById("toast");
    box.textContent = message;
    box.className = problem ? "toast problem" : "toast";
    box.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { box.hidden = true; }, problem ? 6000 : 2500);
  }

  function draftKey(name) {
    return (state && state.step ? state.step.id : "") + ":" + name;
  }

  function textArea(name, props) {
    const area = el("textarea", Object.assign({ rows: 3, maxlength: 2000 }, props));
    area.value = drafts[draftKey(name)] !== undefined ? drafts[draftKey(name)] : (props.initial || "");
    area.removeAttribute("initial");
    area.addEventListener("input", () => { drafts[draftKey(name)] = area.value; });
    return area;
  }

  function forget(name) {
    delete drafts[draftKey(name)];
  }

  // -- talking to the server ----------------------------------------------------------------------
  function linkExpired() {
    expired = true;
    if (events) events.close();
    const main = document.getElementById("main");
    main.replaceChildren(el("section", { class: "card" },
      el("h1", { text: "This join link has ended" }),
      el("p", { text: "The facilitator has stopped phone joining or made a new link. Scan the code on the shared screen again." })));
    document.getElementById("who").hidden = true;
    document.getElementById("offline").hidden = true;
  }

  async function load() {
    if (expired) return;
    if (fetching) return fetching;
    fetching = (async () => {
      try {
        const response = await fetch(BASE + "/state", { credentials: "same-origin", cache: "no-store" });
        if (response.status === 404) { linkExpired(); return; }
        if (response.status === 403) {
          // The server does not know this phone (its cookie is gone): open the page again, once.
          if (!sessionStorage.getItem("rejoined")) { sessionStorage.setItem("rejoined", "1"); location.reload(); }
          return;
        }
        if (!response.ok) throw new Error("state " + response.status);
        const text = await response.text();
        document.getElementById("offline").hidden = true;
        if (text === lastState) return; // nothing new: leave the page as it is under the thumb
        lastState = text;
        const fresh = JSON.parse(text);
        const stepChanged = !state || !fresh.step || !state.step || fresh.step.id !== state.step.id;
        state = fresh;
        revision = fresh.revision;
        document.getElementById("offline").hidden = true;
        if (stepChanged) window.scrollTo(0, 0);
        render();
      } catch (err) {
        document.getElementById("offline").hidden = false;
      } finally {
        fetching = null;
      }
    })();
    return fetching;
  }

  async function send(path, body, okMessage) {
    if (expired) return false;
    const payload = Object.assign({}, body, state && state.step ? { step: state.step.id } : {});
    const text = JSON.stringify(payload);
    if (bytes(text) > MAX_BYTES + 200) {
      toast("That is too long to send: shorten it a little.", true);
      return false;
    }
    let response;
    try {
      response = await fetch(BASE + "/" + path, {
        method: "POST", credentials: "same-origin", cache: "no-store",
        headers: { "Content-Type": "application/json" }, body: text,
      });
    } catch (err) {
      toast("Not sent: the phone is not connected to the workshop. Try again.", true);
      return false;
    }
    if (response.status === 404) { linkExpired(); return false; }
    let answer = {};
    try { answer = await response.json(); } catch (err) { answer = {}; }
    if (!response.ok) {
      if (response.status === 429) {
        const wait = response.headers.get("Retry-After") || "a few";
        toast("Sent too many at once: wait " + wait + " seconds, then try again.", true);
      } else {
        toast(answer.error || "Not sent (" + response.status + "). Try again.", true);
      }
      if (response.status === 409) load();
      return false;
    }
    if (okMessage) toast(okMessage);
    await load();
    return answer;
  }

  function follow() {
    events = new EventSource(BASE + "/events");
    events.addEventListener("state", (event) => {
      let rev = -1;
      try { rev = JSON.parse(event.data).revision; } catch (err) { rev = -1; }
      if (rev !== revision) setTimeout(load, Math.random() * 400); // spread the room's reloads a little
    });
    events.addEventListener("open", () => { document.getElementById("offline").hidden = true; });
    events.addEventListener("error", () => {
      if (expired) return;
      document.getElementById("offline").hidden = false;
      if (events.readyState === EventSource.CLOSED) {
        // The browser gave up (the server answered with an error): check why, then follow again.
        setTimeout(async () => { await load(); if (!expired) follow(); }, 3000);
      }
    });
  }

  // -- drawing ------------------------------------------------------------------------------------
  function typing() {
    const active = document.activeElement;
    return active && (active.tagName === "TEXTAREA" || (active.tagName === "INPUT" && active.type !== "button"));
  }

  function render() {
    if (!state) return;
    if (typing()) { pendingRender = true; return; } // never pull the page away from under the thumbs
    pendingRender = false;
    document.getElementById("workshop").textContent = state.workshop;
    document.getElementById("where").textContent = state.count ? "Step " + (state.index + 1) + " of " + state.count : "";
    renderWho();
    const main = document.getElementById("main");
    const step = state.step;
    const wantsName = !state.me.participant && step && step.needs_name;
    if (choosing || wantsName) {
      main.replaceChildren(chooser(wantsName));
      return;
    }
    if (!step) {
      main.replaceChildren(el("section", { class: "card" }, el("h1", { text: "Welcome" }),
        el("p", { text: "The workshop has not started yet. This page follows the facilitator by itself." })));
      return;
    }
    const head = el("section", { class: "step-head" },
      el("h1", { text: step.title }),
      step.purpose ? el("p", { class: "purpose", text: step.purpose }) : null,
      step.anonymous ? el("p", { class: "chip", text: "Anonymous: your answers are stored without your name" }) : null);
    const view = (VIEWS[step.type] || nothingToSend)(step);
    main.replaceChildren(head, view);
  }

  function renderWho() {
    const who = document.getElementById("who");
    const name = state.me.name;
    who.hidden = false;
    who.replaceChildren(
      el("span", { class: "who-name", text: name ? "You: " + name : "You are anonymous" }),
      el("button", { type: "button", class: "link", text: name ? "Change" : "Pick your name",
        onclick: () => { choosing = true; render(); } }));
  }

  function chooser(required) {
    const step = state.step;
    const list = el("div", { class: "names" });
    for (const person of state.participants) {
      const mine = person.id === state.me.participant;
      list.append(el("button", {
        type: "button", class: mine ? "name chosen" : "name", disabled: person.taken,
        "aria-pressed": mine ? "true" : "false",
        onclick: async () => {
          const ok = await send("me", { participant: person.id }, "Welcome, " + person.name);
          if (ok) { choosing = false; render(); }
        },
      }, person.name, person.taken ? el("span", { class: "taken", text: " · joined on another phone" }) : null));
    }
    const anonymousOk = !step || step.anonymous_allowed;
    return el("section", { class: "card" },
      el("h1", { text: "Who are you?" }),
      el("p", { text: required ? "This step needs your name: pick it from the list." :
        "Pick your name from the list, or stay anonymous." }),
      state.participants.length ? list : el("p", { class: "quiet", text: "The facilitator has not added any names yet." }),
      anonymousOk ? el("button", { type: "button", class: "secondary wide", text: "Stay anonymous",
        onclick: async () => {
          if (state.me.participant) await send("me", { participant: null });
          choosing = false; render();
        } }) : null,
      !required && state.me.participant ? el("button", { type: "button", class: "link", text: "Back",
        onclick: () => { choosing = false; render(); } }) : null);
  }

  function nothingToSend(step) {
    const text = step.type === "break" ? "A break. This page moves on by itself when the workshop does." :
      "Nothing to send from the phone in this step: follow the shared screen.";
    return el("section", { class: "card" }, el("p", { text: text }));
  }

  // -- board --------------------------------------------------------------------------------------
  let prompt = 0;
  function board(step) {
    if (prompt >= step.prompts.length) prompt = 0;
    const parts = [];
    const form = el("section", { class: "card" });
    if (step.prompts.length > 1) {
      // A native list: the phone shows every question in full when it opens, and it takes one line here.
      const select = el("select", { id: "prompt", "aria-label": "Question",
        onchange: () => { prompt = Number(select.value); render(); } },
        step.prompts.map((text, index) => el("option", { value: String(index), text: (index + 1) + ". " + text })));
      select.value = String(prompt);
      form.append(el("label", { class: "field-label", for: "prompt",
        text: "Question " + (prompt + 1) + " of " + step.prompts.length }), select);
    }
    form.append(el("h2", { class: "prompt", text: step.prompts[prompt] }));
    const area = textArea("note", { id: "note-text", placeholder: "One idea per note", "aria-label": "Note" });
    const add = el("button", { type: "button", class: "primary wide", id: "add-note", text: "Add note",
      onclick: async () => {
        const text = area.value.trim();
        if (!text) { toast("Write something first.", true); return; }
        if (bytes(text) > MAX_BYTES) { toast("That note is too long: shorten it or split it in two.", true); return; }
        add.disabled = true;
        const ok = await send("notes", { text: text, prompt: prompt });
        add.disabled = false;
        if (ok) {
          forget("note");
          area.value = "";
          toast(ok.held ? "Sent: the facilitator will put it up" : "Your note is on the board");
          render();
        }
      } });
    form.append(area, add);
    parts.push(form);
    if (step.voting) parts.push(voting(step));
    if (step.my_notes.length) {
      const list = el("ul", { class: "mine" });
      for (const note of step.my_notes) {
        list.append(el("li", {}, el("span", { text: note.text }),
          note.held ? el("span", { class: "badge", text: "waiting for the facilitator" }) : null));
      }
      parts.push(el("section", { class: "card" }, el("h2", { text: "Your notes (" + step.my_notes.length + ")" }), list));
    }
    return el("div", {}, parts);
  }

  function voting(step) {
    const left = step.budget - step.votes_used;
    const box = el("section", { class: "card", id: "voting" },
      el("h2", { text: "Dot voting" }),
      el("p", { class: "dots", text: state.me.participant ? left + " of " + step.budget + " dots left" :
        "Pick your name to vote: each person has " + step.budget + " dots." }));
    if (!state.me.participant) return box;
    const list = el("ul", { class: "vote-list" });
    for (const note of step.notes) {
      const mine = step.my_votes[note.id] || 0;
      const minus = el("button", { type: "button", class: "round", "aria-label": "Take back a dot", text: "−",
        disabled: mine === 0, onclick: () => send("votes", { note: note.id, delta: -1 }) });
      const plus = el("button", { type: "button", class: "round plus", "aria-label": "Give a dot", text: "+",
        disabled: left <= 0, onclick: () => send("votes", { note: note.id, delta: 1 }) });
      list.append(el("li", { class: mine ? "voted" : "" },
        el("span", { class: "vote-text", text: note.text }),
        el("span", { class: "vote-buttons" }, minus, el("span", { class: "count", text: String(mine) }), plus)));
    }
    if (!step.notes.length) box.append(el("p", { class: "quiet", text: "No notes on the board yet." }));
    box.append(list);
    return box;
  }

  // -- poll and rating ----------------------------------------------------------------------------
  function pending(step) {
    picks[step.id] = picks[step.id] || {};
    return picks[step.id];
  }

  function answerList(step, options, sendPath, key) {
    const chosen = pending(step);
    const box = el("div", {});
    let dimension = null;
    step.statements.forEach((statement, index) => {
      const text = typeof statement === "string" ? statement : statement.text;
      if (statement.dimension && statement.dimension !== dimension) {
        dimension = statement.dimension;
        box.append(el("h2", { class: "dimension", text: dimension }));
      }
      const stored = step.mine[index];
      const current = index in chosen ? chosen[index] : (stored === undefined ? null : stored);
      const row = el("div", { class: "choices scale", role: "group", "aria-label": text });
      for (const option of options) {
        const on = current === option.value;
        row.append(el("button", { type: "button", class: on ? "choice chosen" : "choice", text: option.label,
          "aria-pressed": on ? "true" : "false",
          onclick: () => { chosen[index] = on ? null : option.value; render(); } }));
      }
      const unsent = index in chosen && chosen[index] !== (stored === undefined ? null : stored);
      box.append(el("section", { class: unsent ? "card question unsent" : "card question" },
        el("p", { class: "statement" }, el("span", { class: "number", text: (index + 1) + ". " }), text),
        row, unsent ? el("p", { class: "badge", text: "not sent yet" }) : null));
    });
    const changed = Object.keys(chosen).filter((i) => chosen[i] !== (step.mine[i] === undefined ? null : step.mine[i]));
    const answered = Object.keys(step.mine).length;
    const sendButton = el("button", { type: "button", class: "primary wide", id: "send-answers",
      disabled: changed.length === 0,
      text: changed.length ? "Send " + changed.length + (changed.length === 1 ? " answer" : " answers") :
        (answered ? "Sent ✓ (" + answered + " of " + step.statements.length + ")" : "Choose your answers"),
      onclick: async () => {
        const list = changed.map((i) => ({ statement: Number(i), [key]: chosen[i] }));
        sendButton.disabled = true;
        const body = {};
        body[sendPath === "poll" ? "answers" : "ratings"] = list;
        const ok = await send(sendPath, body, "Your answers are saved");
        if (ok) { picks[step.id] = {}; render(); } else { sendButton.disabled = false; }
      } });
    box.append(el("div", { class: "send-bar" }, sendButton));
    return box;
  }

  function poll(step) {
    return answerList(step, step.options.map((label, value) => ({ label: label, value: value })), "poll", "option");
  }

  function rating(step) {
    const options = [];
    for (let v = step.scale.min; v <= step.scale.max; v++) options.push({ label: String(v), value: v });
    const legend = el("p", { class: "legend" }, el("span", { text: step.scale.min + " = " + step.scale.low }),
      el("span", { text: step.scale.max + " = " + step.scale.high }));
    return el("div", {}, legend, answerList(step, options, "ratings", "value"));
  }

  // -- spectrum, canvas, commitments ----------------------------------------------------------------
  let category = 0;
  function spectrum(step) {
    if (category >= step.categories.length) category = 0;
    const name = el("input", { type: "text", maxlength: 2000, id: "spectrum-text", "aria-label": step.item_label,
      placeholder: step.item_label });
    name.value = drafts[draftKey("spectrum-text")] || "";
    name.addEventListener("input", () => { drafts[draftKey("spectrum-text")] = name.value; });
    const change = textArea("spectrum-change", { placeholder: step.change_label, "aria-label": step.change_label });
    const choices = el("div", { class: "choices", role: "group", "aria-label": "Category" });
    step.categories.forEach((label, index) => {
      choices.append(el("button", { type: "button", class: index === category ? "choice chosen" : "choice", text: label,
        "aria-pressed": index === category ? "true" : "false", onclick: () => { category = index; render(); } }));
    });
    const add = el("button", { type: "button", class: "primary wide", text: "Add " + step.item_label.toLowerCase(),
      onclick: async () => {
        if (!name.value.trim()) { toast("Give it a name first.", true); return; }
        const ok = await send("spectrum", { text: name.value.trim(), category: category, change: change.value.trim() },
          "Added");
        if (ok) { forget("spectrum-text"); forget("spectrum-change"); render(); }
      } });
    const parts = [el("section", { class: "card" }, el("h2", { text: "Add a " + step.item_label.toLowerCase() }),
      name, el("h3", { text: "Where is it today?" }), choices, el("h3", { text: step.change_label }), change, add)];
    if (step.mine.length) {
      const list = el("ul", { class: "mine" });
      for (const item of step.mine) {
        list.append(el("li", {}, el("strong", { text: item.text }), " · " + (step.categories[item.category] || ""),
          item.change ? el("div", { class: "quiet", text: item.change }) : null));
      }
      parts.push(el("section", { class: "card" }, el("h2", { text: "You added" }), list));
    }
    return el("div", {}, parts);
  }

  function canvas(step) {
    if (step.card === null) {
      const what = step.per === "role" ? "role" : "group";
      return el("section", { class: "card" }, el("p", {
        text: "Each " + what + " fills in its own card, and your name has no " + what + " in the participant list. " +
          "Ask the facilitator to add it, or pick another name." }));
    }
    const title = step.card ? "Your card: " + step.card : "The room's canvas";
    const parts = [el("p", { class: "card-name", text: title })];
    step.fields.forEach((field, index) => {
      const stored = step.entries[index] || "";
      const area = textArea("field-" + index, { initial: stored, "aria-label": field });
      const save = el("button", { type: "button", class: "primary", text: "Save",
        onclick: async () => {
          const ok = await send("entries", { field: index, text: area.value }, "Saved");
          if (ok) { forget("field-" + index); render(); }
        } });
      parts.push(el("section", { class: "card" }, el("h2", { text: field }), area, save));
    });
    return el("div", {}, parts);
  }

  function commitments(step) {
    const parts = [el("p", { class: "purpose", text: step.prompt })];
    const bySlot = {};
    for (const c of step.mine) bySlot[c.slot] = c;
    for (let slot = 0; slot < step.count; slot++) {
      const stored = bySlot[slot];
      const area = textArea("commit-" + slot, { initial: stored ? stored.text : "", "aria-label": "Commitment " + (slot + 1),
        placeholder: "I will…", rows: 2 });
      const due = el("input", { type: "date", "aria-label": "Due date " + (slot + 1) });
      due.value = drafts[draftKey("due-" + slot)] !== undefined ? drafts[draftKey("due-" + slot)] : (stored && stored.due) || "";
      due.addEventListener("input", () => { drafts[draftKey("due-" + slot)] = due.value; });
      const save = el("button", { type: "button", class: "primary", text: stored ? "Save" : "Commit",
        onclick: async () => {
          const ok = await send("commitments", { slot: slot, text: area.value.trim(), due: due.value || null },
            area.value.trim() ? "Saved: it is in the action plan" : "Removed");
          if (ok) { forget("commit-" + slot); forget("due-" + slot); render(); }
        } });
      const remove = stored ? el("button", { type: "button", class: "secondary", text: "Remove",
        onclick: async () => {
          const ok = await send("commitments", { slot: slot, text: "" }, "Removed");
          if (ok) { forget("commit-" + slot); forget("due-" + slot); render(); }
        } }) : null;
      parts.push(el("section", { class: stored ? "card done" : "card" },
        el("h2", { text: "Commitment " + (slot + 1) + (stored ? " ✓" : "") }), area,
        el("label", { class: "due" }, "By when ", due), el("div", { class: "row" }, save, remove)));
    }
    return el("div", {}, parts);
  }

  const VIEWS = { board: board, poll: poll, rating: rating, spectrum: spectrum, canvas: canvas, commitments: commitments };

  document.addEventListener("focusout", () => {
    setTimeout(() => { if (pendingRender && !typing()) render(); }, 0);
  });
  document.addEventListener("DOMContentLoaded", () => { load(); follow(); });
})();
