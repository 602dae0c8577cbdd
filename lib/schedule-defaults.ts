// The bulk start's defaults, in a module of their own without luxon: the team page's form shows
// them, and the schedule arithmetic (lib/schedule) is not needed in the browser for that.

/** A bulk start leaves this much time between two meetings unless the manager chooses otherwise. */
export const DEFAULT_BUFFER_MINUTES = 15;
/** The lunch break a bulk start keeps free unless the manager changes or clears it. */
export const DEFAULT_LUNCH = { start: "12:00", end: "13:00" } as const;
