/**
 * Where a subscription made by this package carries its secret. The trigger writes and checks it;
 * the action node hides it in Webhook outputs, so both nodes read the names from here.
 */

/** The header Aurora sends on every delivery (`header_auth_key`), carrying the subscription's secret. */
export const SECRET_HEADER = 'X-Aurora-Webhook-Secret';
/** The same secret inside the URL, for deliveries that arrive without the header. */
export const SECRET_QUERY_PARAMETER = 'aurora_secret';
