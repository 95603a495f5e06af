// The outreach log's phone form, made safe for weak connections.
//
// Progressive enhancement only: without this file the form posts normally, and the
// server stores an entry once per submission key however often it is sent.
//
// With it:
// - what is typed is kept in localStorage (one draft per form, keyed by the form's
//   submission key) until the server confirms that the entry is stored;
// - sending happens in the background; when it fails (offline, a network error, a
//   server error) the page says so and tries again — when the browser comes back
//   online and on a timer — with the SAME submission key, so the server stores the
//   entry once even if an earlier attempt did arrive;
// - a draft left on the phone (the page closed before it was sent) is filled in
//   again the next time the form is opened, and sent at once if it had been
//   submitted;
// - "Use my position" fills in the map point from the Geolocation API;
// - the people shown under "who took part" follow the chosen group;
// - a report page's "Print" button prints.
//
// No dependencies and no inline script (the page's texts come from data attributes,
// so they are translated with the rest of the page).
(function () {
  "use strict";

  var STORAGE_PREFIX = "delaktig.outreach.draft.";
  var RETRY_FIRST_MS = 5000;
  var RETRY_MAX_MS = 60000;

  // ---------------------------------------------------------------------------
  // Storage that never throws: private browsing, a full disk or a blocked
  // localStorage must not stop the form from working.

  var storage = {
    get: function (key) {
      try {
        var text = window.localStorage.getItem(key);
        return text ? JSON.parse(text) : null;
      } catch (error) {
        return null;
      }
    },
    set: function (key, value) {
      try {
        window.localStorage.setItem(key, JSON.stringify(value));
        return true;
      } catch (error) {
        return false;
      }
    },
    remove: function (key) {
      try {
        window.localStorage.removeItem(key);
      } catch (error) {
        /* nothing to do */
      }
    },
    keys: function (prefix) {
      var found = [];
      try {
        for (var i = 0; i < window.localStorage.length; i++) {
          var key = window.localStorage.key(i);
          if (key && key.indexOf(prefix) === 0) {
            found.push(key);
          }
        }
      } catch (error) {
        /* no storage: no drafts */
      }
      return found;
    },
  };

  function messages() {
    var holder = document.querySelector("[data-outreach-messages]");
    return holder ? holder.dataset : {};
  }

  // ---------------------------------------------------------------------------
  // Reading a form into a draft and back.

  var SKIPPED_NAMES = { csrfmiddlewaretoken: true };

  function readFields(form) {
    var pairs = [];
    Array.prototype.forEach.call(form.elements, function (element) {
      var name = element.name;
      if (!name || SKIPPED_NAMES[name] || element.disabled) return;
      var type = element.type;
      if (type === "submit" || type === "button" || type === "reset" || type === "file") return;
      if ((type === "checkbox" || type === "radio") && !element.checked) return;
      if (element.tagName === "SELECT" && element.multiple) {
        Array.prototype.forEach.call(element.selectedOptions, function (option) {
          pairs.push([name, option.value]);
        });
        return;
      }
      pairs.push([name, element.value]);
    });
    return pairs;
  }

  function writeFields(form, pairs) {
    var values = {};
    pairs.forEach(function (pair) {
      (values[pair[0]] = values[pair[0]] || []).push(pair[1]);
    });
    Array.prototype.forEach.call(form.elements, function (element) {
      var name = element.name;
      if (!name || SKIPPED_NAMES[name]) return;
      var type = element.type;
      if (type === "submit" || type === "button" || type === "reset" || type === "file") return;
      var given = values[name] || [];
      if (type === "checkbox" || type === "radio") {
        element.checked = given.indexOf(element.value) !== -1;
      } else if (element.tagName === "SELECT" && element.multiple) {
        Array.prototype.forEach.call(element.options, function (option) {
          option.selected = given.indexOf(option.value) !== -1;
        });
      } else if (name in values) {
        element.value = given[0];
      }
    });
  }

  // ---------------------------------------------------------------------------
  // The entry form.

  function OutreachForm(form) {
    this.form = form;
    this.text = messages();
    this.status = form.querySelector("[data-outreach-status]");
    this.keyField = form.querySelector("input[name=submission_key]");
    this.prefix = STORAGE_PREFIX + (form.dataset.draftScope || "anonymous") + ".";
    this.sending = false;
    this.retryTimer = null;
    this.retryDelay = RETRY_FIRST_MS;
  }

  OutreachForm.prototype.storageKey = function () {
    return this.prefix + (this.keyField ? this.keyField.value : "");
  };

  OutreachForm.prototype.draft = function () {
    return storage.get(this.storageKey());
  };

  OutreachForm.prototype.saveDraft = function (queued) {
    if (!this.keyField || !this.keyField.value) return;
    var previous = this.draft();
    storage.set(this.storageKey(), {
      version: 1,
      key: this.keyField.value,
      queued: queued === undefined ? Boolean(previous && previous.queued) : queued,
      savedAt: new Date().toISOString(),
      fields: readFields(this.form),
    });
  };

  OutreachForm.prototype.clearDraft = function () {
    storage.remove(this.storageKey());
  };

  OutreachForm.prototype.say = function (message, state) {
    if (!this.status) return;
    this.status.textContent = message || "";
    this.status.hidden = !message;
    if (state) {
      this.status.setAttribute("data-state", state);
    } else {
      this.status.removeAttribute("data-state");
    }
  };

  // The oldest draft that was submitted but not confirmed, else the newest one
  // that was only typed; null when there is none.
  OutreachForm.prototype.findLeftDraft = function () {
    var drafts = storage
      .keys(this.prefix)
      .map(function (key) {
        return storage.get(key);
      })
      .filter(function (draft) {
        return draft && draft.key && Array.isArray(draft.fields);
      });
    var queued = drafts
      .filter(function (draft) {
        return draft.queued;
      })
      .sort(function (a, b) {
        return a.savedAt < b.savedAt ? -1 : 1;
      });
    if (queued.length) return queued[0];
    var typed = drafts.sort(function (a, b) {
      return a.savedAt < b.savedAt ? 1 : -1;
    });
    return typed.length ? typed[0] : null;
  };

  OutreachForm.prototype.start = function () {
    var self = this;
    var form = this.form;
    var discard = form.querySelector("[data-outreach-discard]");

    if (form.hasAttribute("data-bound")) {
      // The server sent the form back (with errors): its values are the ones to
      // keep, under the key the page carries. Nothing is sent automatically.
      this.saveDraft(false);
    } else {
      var left = this.findLeftDraft();
      if (left && this.keyField) {
        // Continue the earlier entry under ITS key, so that resending it cannot
        // store it twice; the fresh key of this page is not used.
        this.keyField.value = left.key;
        writeFields(form, left.fields);
        this.keyField.value = left.key;
        if (discard) discard.hidden = false;
        if (left.queued) {
          this.say(this.text.restoredQueued, "waiting");
          this.send();
        } else {
          this.say(this.text.restored);
        }
      }
    }

    var saveSoon = null;
    function onEdit() {
      window.clearTimeout(saveSoon);
      saveSoon = window.setTimeout(function () {
        self.saveDraft();
      }, 300);
    }
    form.addEventListener("input", onEdit);
    form.addEventListener("change", onEdit);

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.saveDraft(true);
      self.send();
    });

    if (discard) {
      discard.addEventListener("click", function () {
        self.stopRetrying();
        self.clearDraft();
        // A fresh page brings a fresh submission key and an empty form.
        window.location.replace(window.location.pathname);
      });
    }

    // Coming back to this page from the browser's history shows the old page with
    // the key of an entry already sent; new figures typed there would be taken for
    // a resend of it. Load the page afresh instead (a pending draft is restored).
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) window.location.reload();
    });

    window.addEventListener("online", function () {
      var draft = self.draft();
      if (draft && draft.queued) {
        self.retryDelay = RETRY_FIRST_MS;
        self.send();
      }
    });
  };

  OutreachForm.prototype.stopRetrying = function () {
    window.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  };

  OutreachForm.prototype.scheduleRetry = function () {
    var self = this;
    this.stopRetrying();
    this.retryTimer = window.setTimeout(function () {
      self.say(self.text.retrying, "waiting");
      self.send();
    }, this.retryDelay);
    this.retryDelay = Math.min(this.retryDelay * 2, RETRY_MAX_MS);
  };

  OutreachForm.prototype.csrfToken = function () {
    var field = this.form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  };

  OutreachForm.prototype.send = function () {
    var self = this;
    if (this.sending) return;
    var draft = this.draft();
    // Without storage there is no draft: send what the form holds now.
    var fields = draft ? draft.fields : readFields(this.form);
    var body = new FormData();
    fields.forEach(function (pair) {
      body.append(pair[0], pair[1]);
    });
    // Always the current page's token (a draft may come from an older page) and
    // the draft's own key.
    body.set("csrfmiddlewaretoken", this.csrfToken());
    if (this.keyField) body.set("submission_key", this.keyField.value);

    this.sending = true;
    this.stopRetrying();
    this.say(this.text.sending);

    fetch(this.form.action || window.location.href, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        if (response.status >= 500 || response.status === 408 || response.status === 429) {
          throw new Error("retry");
        }
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") === -1) {
          // Not our answer: the login page after a session ran out, a CSRF
          // refusal. Let the browser show it; the draft stays on the phone.
          return { kind: "page" };
        }
        return response.json().then(function (data) {
          return { kind: response.ok && data.ok ? "stored" : "invalid", data: data };
        });
      })
      .then(
        function (outcome) {
          self.sending = false;
          if (outcome.kind === "stored") {
            self.clearDraft();
            self.say(self.text.saved, "sent");
            window.location.assign(outcome.data.url);
          } else {
            // The server has something to say (errors beside the fields, a page):
            // send the form the ordinary way to show it. The draft is kept, no
            // longer marked for automatic sending.
            self.saveDraft(false);
            HTMLFormElement.prototype.submit.call(self.form);
          }
        },
        function () {
          // Offline, a dropped connection or a server error: keep it and retry.
          self.sending = false;
          self.saveDraft(true);
          self.say(self.text.offline, "waiting");
          self.scheduleRetry();
        }
      );
  };

  // ---------------------------------------------------------------------------
  // "Use my position"

  function enableGeolocation(root) {
    var button = root.querySelector("[data-geolocate]");
    if (!button || !("geolocation" in navigator)) return;
    var text = messages();
    var status = root.querySelector("[data-geolocate-status]");
    var latitude = root.querySelector("input[name=latitude]");
    var longitude = root.querySelector("input[name=longitude]");
    if (!latitude || !longitude) return;
    button.hidden = false;

    function say(message) {
      if (status) status.textContent = message || "";
    }

    button.addEventListener("click", function () {
      button.disabled = true;
      say(text.locating);
      navigator.geolocation.getCurrentPosition(
        function (position) {
          button.disabled = false;
          latitude.value = position.coords.latitude.toFixed(6);
          longitude.value = position.coords.longitude.toFixed(6);
          // Let the draft keeper notice the new values.
          latitude.dispatchEvent(new Event("change", { bubbles: true }));
          say(text.located);
        },
        function (error) {
          button.disabled = false;
          say(error && error.code === 1 ? text.locationDenied : text.locationFailed);
        },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
      );
    });
  }

  // ---------------------------------------------------------------------------
  // Who took part: show the people of the chosen group (and anyone ticked).

  function followGroup(form) {
    var unit = form.querySelector("select[name=unit]");
    var holder = form.querySelector("[data-outreach-staff]");
    if (!unit || !holder) return;
    var boxes = holder.querySelectorAll("input[type=checkbox][name=staff]");

    function update() {
      Array.prototype.forEach.call(boxes, function (box) {
        var units = (box.getAttribute("data-units") || "").split(" ");
        var row = box.closest("div");
        if (!row) return;
        var isMe = box.hasAttribute("data-me");
        row.hidden = !(isMe || box.checked || units.indexOf(unit.value) !== -1);
      });
    }
    unit.addEventListener("change", update);
    update();
  }

  // ---------------------------------------------------------------------------

  function start() {
    var form = document.querySelector("form[data-outreach-form]");
    if (form && window.fetch && window.FormData) {
      new OutreachForm(form).start();
    }
    var anyForm = document.querySelector("form.outreach-form");
    if (anyForm) {
      enableGeolocation(anyForm);
      followGroup(anyForm);
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
