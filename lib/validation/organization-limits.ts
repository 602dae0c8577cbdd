// The support resources' field limits, zod-free so that the admin's form can state them (its
// maxLength and counter) without bringing the schema and its libraries into the browser.

export const SUPPORT_URL_MAX = 500;
export const SUPPORT_TEXT_MAX = 300;
