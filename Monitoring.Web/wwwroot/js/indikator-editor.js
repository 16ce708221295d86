// Live formula check in the indicator editor: while an analyst types, the API validates the formulas against the
// catalog and answers with the errors at their column. Without script the "Prüfen und Vorschau" button does the same.
(() => {
    const form = document.getElementById('indikator');
    const status = document.getElementById('formel-status');
    if (!form || !status) return;
    let timer, token;
    const value = name => form.elements[name]?.value ?? '';
    const levels = () => [...form.querySelectorAll('input[name=Levels]:checked')].map(i => i.value);
    async function check() {
        token ??= (await (await fetch('/api/account/antiforgery')).json()).token;
        const body = {
            code: value('Code'), nameDe: value('NameDe') || '-', nameEn: value('NameEn') || '-', definition: value('Definition') || '-',
            field: value('Field') || '-', numerator: value('Numerator'), denominator: value('Denominator') || null,
            factor: Number(value('Factor').replace(',', '.')) || 1, unit: value('Unit') || '-', decimals: Number(value('Decimals')) || 0,
            direction: value('Direction'), levels: levels(), source: value('Source') || '-',
        };
        const response = await fetch('/api/indicators/preview?areas=05754', {
            method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-TOKEN': token }, body: JSON.stringify(body),
        });
        if (response.ok) {
            const values = await response.json();
            status.textContent = `Formeln in Ordnung: ${values.length} Werte für den Kreis berechenbar.`;
        } else {
            const problem = await response.json();
            status.textContent = Object.values(problem.errors ?? {}).flat().join(' · ') || problem.title;
        }
    }
    for (const name of ['Numerator', 'Denominator', 'Code']) {
        form.elements[name]?.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(check, 400); });
    }
})();

// The variable picker: search by label, code, dimension or value; a button adds its expression to the numerator or
// denominator (joined by " + " to what is there) and checks the formula again.
(() => {
    const search = document.getElementById('variable-search');
    const list = document.getElementById('variable-list');
    const form = document.getElementById('indikator');
    if (!search || !list || !form) return;
    search.addEventListener('input', () => {
        const words = search.value.toLowerCase().split(/\s+/).filter(w => w);
        for (const item of list.children) item.hidden = !words.every(w => item.dataset.search.includes(w));
    });
    list.addEventListener('click', event => {
        const button = event.target.closest('button[data-insert]');
        if (!button) return;
        const input = form.elements[button.dataset.target];
        input.value = input.value.trim() ? `${input.value.trim()} + ${button.dataset.insert}` : button.dataset.insert;
        input.dispatchEvent(new Event('input'));
        input.focus();
    });
})();
