// Without script the form sends one 'gebiet' per box; with it, one bookmarkable 'gebiete' list.
document.querySelector('form[aria-labelledby=auswahl]')?.addEventListener('submit', e => {
    e.preventDefault();
    const keys = [...e.target.querySelectorAll('input[name=gebiet]:checked')].map(i => i.value);
    location.search = '?gebiete=' + encodeURIComponent(keys.join(','));
});
