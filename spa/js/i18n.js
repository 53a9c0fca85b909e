// Every label the SPA shows goes through t(); the catalogues are flat maps of
// key -> string in ../i18n/. Simplified Chinese is the default.
import zhCN from '../i18n/zh-CN.js';
import en from '../i18n/en.js';

export const LANGUAGES = [
  { code: 'zh-CN', label: '中文' },
  { code: 'en', label: 'English' },
];

const CATALOGUES = { 'zh-CN': zhCN, en };
const DEFAULT_LANG = 'zh-CN';
const STORAGE_KEY = 'branchdesk.lang';

let current = readStoredLang();

function readStoredLang() {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored in CATALOGUES ? stored : DEFAULT_LANG;
}

export function getLang() {
  return current;
}

export function setLang(code) {
  if (!(code in CATALOGUES)) return;
  current = code;
  localStorage.setItem(STORAGE_KEY, code);
  document.documentElement.lang = code;
}

export function applyStoredLang() {
  document.documentElement.lang = current;
}

export function has(key) {
  return key in CATALOGUES[current] || key in CATALOGUES[DEFAULT_LANG];
}

// A missing key shows itself rather than an empty string, so a gap in a
// catalogue is visible on screen instead of silently hiding a label.
export function t(key, params = {}) {
  const text = CATALOGUES[current][key] ?? CATALOGUES[DEFAULT_LANG][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) =>
    name in params ? String(params[name]) : whole,
  );
}

// For values the server sends as codes (roles, room kinds): the label when the
// catalogue has one, else the code itself.
export function label(prefix, code) {
  const key = `${prefix}.${code}`;
  return has(key) ? t(key) : String(code);
}

// A field error from the server (problem+json `errors[]`) in the user's
// language: known validation types have a catalogue entry, filled in with the
// limits the server names in `ctx`; anything else keeps the server's message.
export function fieldMessage(item) {
  const key = `validation.${item.type}`;
  return has(key) ? t(key, item.ctx ?? {}) : item.msg;
}
