/**
 * The request header middleware.ts sets on hosted-flow pages: the path the customer asked for, so
 * the link's not-found page (which gets no params) can tell an expired link from an unknown one.
 */
export const HOSTED_PATH_HEADER = "x-rb-hosted-path";
