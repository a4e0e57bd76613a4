// The labels every scheduled run carries (no imports: the dashboard imports them at runtime to link a schedule's runs).

/** The id of the schedule that fired the run. */
export const SCHEDULE_LABEL = 'stepflare.schedule'
/** The fire time the run was triggered for (ISO 8601). */
export const FIRE_TIME_LABEL = 'stepflare.fire-time'
