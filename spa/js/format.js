// Dates and times as every page shows them: in the branch's time zone (from
// GET /auth/me, set once the person is known) and the UI's language, whatever
// the clock of the desk's own machine says.
import { getLang } from './i18n.js';

let branchZone;

export function setBranchTimeZone(zone) {
  branchZone = zone || undefined;
}

// A moment (an ISO timestamp from the API) as date and time.
export function formatMoment(value) {
  if (!value) return null;
  return new Date(value).toLocaleString(getLang(), { timeZone: branchZone, hour12: false });
}

// The branch's calendar day of a moment, as YYYY-MM-DD.
export function branchDay(date) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: branchZone }).format(date);
}

// The wall clock in the branch's zone for a datetime-local input:
// "YYYY-MM-DDTHH:MM".
export function branchInputValue(date) {
  const text = new Intl.DateTimeFormat('sv-SE', {
    timeZone: branchZone, year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hour12: false,
  }).format(date);
  return text.replace(' ', 'T');
}

// The moment a datetime-local value means on the branch's wall clock, as an
// ISO string with its offset, as the API wants.
export function instantFromBranchInput(value) {
  const asUtc = Date.parse(`${value}Z`);
  const offset = (moment) => Date.parse(`${branchInputValue(new Date(moment))}Z`) - moment;
  const guess = asUtc - offset(asUtc);
  return new Date(asUtc - offset(guess)).toISOString();
}
