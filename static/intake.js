/* Lotsen: progressive enhancement of the ärende form (/arenden/ny and /arenden/{id}/andra).
   Without this script the form is plain HTML and works the same; with it
   - each checkbox group ([data-roving]) is one tab stop: the arrow keys, Home and End move
     between the boxes, a letter jumps to the next box whose label starts with it, Space ticks
     (the native checkbox does that);
   - the avsändare select ([data-combobox]) gets a text field that filters its options by any
     word of the organisation's or the unit's name (a WAI-ARIA combobox with a listbox). The
     select stays in the form, hidden, and still carries the chosen id. */
(function () {
  'use strict';

  /* Checkbox groups: roving tabindex. */
  function labelText(box) {
    var label = box.labels && box.labels[0];
    return (label ? label.textContent : box.value).trim().toLocaleLowerCase('sv');
  }

  function rovingGroup(group) {
    var boxes = Array.prototype.slice.call(group.querySelectorAll('input[type=checkbox]'));
    if (boxes.length < 2) return;
    var typed = '';
    var typedAt = 0;
    function makeCurrent(box) {
      boxes.forEach(function (b) { b.tabIndex = b === box ? 0 : -1; });
    }
    makeCurrent(boxes.filter(function (b) { return b.checked; })[0] || boxes[0]);
    var fieldset = group.closest('fieldset');
    if (fieldset && fieldset.id) {
      var hint = document.createElement('p');
      hint.className = 'hint';
      hint.id = fieldset.id + '-tangenter';
      hint.textContent = 'Ett tabbsteg för hela gruppen: pilarna flyttar, en bokstav hoppar, mellanslag kryssar i.';
      group.parentNode.insertBefore(hint, group);
      var described = (fieldset.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
      described.push(hint.id);
      fieldset.setAttribute('aria-describedby', described.join(' '));
    }
    group.addEventListener('focusin', function (e) {
      if (boxes.indexOf(e.target) >= 0) makeCurrent(e.target);
    });
    // The next box (after `from`, wrapping) whose label starts with `prefix`.
    function startingWith(prefix, from) {
      for (var k = 1; k <= boxes.length; k++) {
        var b = boxes[(from + k) % boxes.length];
        if (labelText(b).indexOf(prefix) === 0) return b;
      }
      return null;
    }
    group.addEventListener('keydown', function (e) {
      var i = boxes.indexOf(e.target);
      if (i < 0 || e.altKey || e.ctrlKey || e.metaKey) return;
      var next = null;
      // Any other key (Space ticking a box, an arrow) ends a typed search.
      if (e.key.length !== 1 || e.key === ' ') typed = '';
      switch (e.key) {
        case 'ArrowDown': case 'ArrowRight': next = boxes[(i + 1) % boxes.length]; break;
        case 'ArrowUp': case 'ArrowLeft': next = boxes[(i - 1 + boxes.length) % boxes.length]; break;
        case 'Home': next = boxes[0]; break;
        case 'End': next = boxes[boxes.length - 1]; break;
        default:
          if (e.key.length !== 1 || e.key === ' ') return;
          var now = Date.now();
          var key = e.key.toLocaleLowerCase('sv');
          typed = now - typedAt > 700 ? key : typed + key;
          typedAt = now;
          // The same letter again steps through the boxes starting with it; more letters
          // narrow the search, starting at the box that has focus.
          var same = typed.split('').every(function (c) { return c === key; });
          next = same ? startingWith(key, i) : startingWith(typed, i - 1);
          if (!next) return;
      }
      e.preventDefault();
      next.focus();
    });
  }

  /* Avsändare: an editable combobox with list autocomplete over the select's options. */
  var counter = 0;

  function words(text) {
    return text.toLocaleLowerCase('sv').split(/[\s\u2013\u2014,.()\/-]+/).filter(Boolean);
  }

  function combobox(select) {
    var field = select.closest('.field');
    var id = select.id;
    var options = [];
    Array.prototype.forEach.call(select.options, function (o) {
      if (!o.value) return;
      var group = o.parentNode.tagName === 'OPTGROUP' ? o.parentNode.label : '';
      options.push({
        value: o.value,
        label: o.text,
        group: group,
        text: (o.text + ' ' + group).toLocaleLowerCase('sv'),
        words: words(o.text + ' ' + group)
      });
    });

    var input = document.createElement('input');
    input.type = 'text';
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('autocomplete', 'off');
    input.setAttribute('spellcheck', 'false');
    ['aria-describedby', 'aria-invalid', 'autofocus'].forEach(function (a) {
      if (select.hasAttribute(a)) input.setAttribute(a, select.getAttribute(a));
    });
    var list = document.createElement('ul');
    list.setAttribute('role', 'listbox');
    list.className = 'combobox-list';
    list.hidden = true;
    var status = document.createElement('p');
    status.className = 'visually-hidden';
    status.setAttribute('role', 'status');
    var hint = document.createElement('p');
    hint.className = 'hint';
    hint.textContent = 'Skriv en del av organisationens eller enhetens namn och välj med pilarna och Enter.';

    // The text field takes the select's id, so the label and the error summary's link reach it.
    select.id = id + '-val';
    input.id = id;
    list.id = id + '-lista';
    hint.id = id + '-sok-tips';
    input.setAttribute('aria-controls', list.id);
    list.setAttribute('aria-label', (field && field.querySelector('label') || {}).textContent || 'Alternativ');
    var described = (input.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
    described.unshift(hint.id);
    input.setAttribute('aria-describedby', described.join(' '));

    var wrap = document.createElement('div');
    wrap.className = 'combobox';
    wrap.appendChild(input);
    wrap.appendChild(list);
    wrap.appendChild(status);
    select.parentNode.insertBefore(hint, select);
    select.parentNode.insertBefore(wrap, select);
    select.hidden = true;
    select.tabIndex = -1;
    select.removeAttribute('autofocus');

    var shown = [];
    var active = -1;
    var previous = '';

    function chosen() {
      for (var k = 0; k < options.length; k++) {
        if (options[k].value === select.value) return options[k];
      }
      return null;
    }
    function showChosen() {
      var c = chosen();
      input.value = c ? c.label : '';
    }
    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }
    function highlight(k) {
      var items = list.children;
      if (active >= 0 && items[active]) items[active].setAttribute('aria-selected', 'false');
      active = k;
      if (k < 0 || !items[k]) {
        input.removeAttribute('aria-activedescendant');
        return;
      }
      items[k].setAttribute('aria-selected', 'true');
      input.setAttribute('aria-activedescendant', items[k].id);
      items[k].scrollIntoView({ block: 'nearest' });
    }
    // Options with every typed word in them; those where the words begin a word come first.
    function filter(query) {
      var q = words(query);
      if (!q.length) return options.slice();
      var scored = [];
      options.forEach(function (o, k) {
        var score = 0;
        for (var j = 0; j < q.length; j++) {
          if (o.text.indexOf(q[j]) < 0) return;
          if (o.words.some(function (w) { return w.indexOf(q[j]) === 0; })) score++;
        }
        scored.push({ o: o, score: score, k: k });
      });
      scored.sort(function (a, b) { return b.score - a.score || a.k - b.k; });
      return scored.map(function (s) { return s.o; });
    }
    function open(matches, first) {
      shown = matches;
      list.textContent = '';
      matches.forEach(function (o, k) {
        var li = document.createElement('li');
        li.id = id + '-alt-' + counter++;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.textContent = o.label;
        li.addEventListener('mousedown', function (e) { e.preventDefault(); });
        li.addEventListener('click', function () { choose(k); });
        list.appendChild(li);
      });
      active = -1;
      if (matches.length) {
        list.hidden = false;
        input.setAttribute('aria-expanded', 'true');
        highlight(first);
      } else {
        close();
      }
      status.textContent = matches.length === 0 ? 'Ingen avsändare matchar.'
        : matches.length === 1 ? '1 avsändare matchar.'
        : matches.length + ' avsändare matchar.';
    }
    function choose(k) {
      var o = shown[k];
      if (!o) return;
      select.value = o.value;
      previous = o.value;
      input.value = o.label;
      input.removeAttribute('aria-invalid');
      close();
    }

    showChosen();
    previous = select.value;
    input.addEventListener('focus', function () { input.select(); });
    input.addEventListener('input', function () {
      // Typing undoes the choice until an option is chosen again, so a sender the coordinator
      // started to replace is never saved by mistake.
      if (select.value) previous = select.value;
      select.value = '';
      open(filter(input.value), 0);
    });
    input.addEventListener('keydown', function (e) {
      var isOpen = !list.hidden;
      switch (e.key) {
        case 'ArrowDown':
        case 'ArrowUp':
          e.preventDefault();
          if (!isOpen) {
            // Opening shows every sender when one is chosen, else the matches of the text.
            var all = filter(select.value ? '' : input.value);
            open(all, e.altKey ? -1 : e.key === 'ArrowUp' ? all.length - 1 : 0);
            return;
          }
          highlight(e.key === 'ArrowUp' ? Math.max(active - 1, 0) : Math.min(active + 1, shown.length - 1));
          return;
        case 'Enter':
          // With the list open, Enter chooses; it never submits the form from an open list.
          if (!isOpen) return;
          e.preventDefault();
          if (active >= 0) choose(active); else close();
          return;
        case 'Escape':
          // Closes the list; then gives back the sender chosen before typing.
          if (isOpen) { e.preventDefault(); close(); return; }
          if (!previous) return;
          e.preventDefault();
          select.value = previous;
          showChosen();
          return;
        case 'Tab':
          if (isOpen) close();
          return;
      }
    });
    // Leaving the field (or submitting without leaving it, as a click on a button that takes
    // no focus does): text that is not the chosen sender's name replaces the choice with the
    // one sender it matches, or with none.
    function settle() {
      var c = chosen();
      if (c && input.value === c.label) return;
      select.value = '';
      var text = input.value.trim().toLocaleLowerCase('sv');
      if (!text) return;
      var exact = options.filter(function (o) { return o.label.toLocaleLowerCase('sv') === text; });
      var matches = exact.length ? exact : filter(text);
      if (matches.length === 1) {
        select.value = matches[0].value;
        input.value = matches[0].label;
      }
    }
    input.addEventListener('blur', function () {
      close();
      settle();
    });
    if (input.form) input.form.addEventListener('submit', settle);
    if (input.hasAttribute('autofocus')) input.focus();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-roving]'), rovingGroup);
    Array.prototype.forEach.call(document.querySelectorAll('select[data-combobox]'), combobox);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
