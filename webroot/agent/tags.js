// Tags: a comma separated text field (#tags) with a live chip preview.
import {el} from '../shared/dom.js';
import {field} from '../shared/forms.js';
import {parseTags} from '../shared/format.js';

export function tagsField({value = []} = {}) {
  const input = el('input', {type: 'text', id: 'tags', name: 'tags', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'e.g. vip, printer'});
  const preview = el('div', {class: 'chips tag-preview', id: 'tags-preview', 'aria-hidden': 'true'});
  const element = field('Tags', input, {hint: 'Separate tags with commas.'});
  input.after(preview);

  function renderPreview() {
    const tags = parseTags(input.value);
    preview.replaceChildren(...tags.map((t) =>
      el('span', {class: ['chip', t.length > 40 ? 'chip-invalid' : null]}, t)));
  }

  function setTags(tags) {
    input.value = (tags || []).join(', ');
    renderPreview();
  }

  input.addEventListener('input', renderPreview);
  setTags(value);
  return {element, input, setTags, getTags: () => parseTags(input.value)};
}
