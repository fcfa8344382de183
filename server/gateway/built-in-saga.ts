// The built-in saga as the gateway asks the observer for it: the orders' journeys and the
// operator's duplicates are its records. Its name is the observer's (services/observer/built-in).
export const BUILT_IN_SAGA = "orders";

const base = `/sagas/${BUILT_IN_SAGA}`;

/** The observer's path of one order's records (its instance: the key is the orderId). */
export const builtInInstancePath = (orderId: string): string => `${base}/instances/${encodeURIComponent(orderId)}`;

/** The observer's path of one event's record, by the envelope's eventId (the definition's `eventId`). */
export const builtInEventPath = (eventId: string): string => `${base}/events/${encodeURIComponent(eventId)}`;
