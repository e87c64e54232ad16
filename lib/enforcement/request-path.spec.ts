import { requestPath } from './request-path';

const express = (url: string) => ({ url, originalUrl: url, headers: {} });
const fastify = (url: string, initialConfig: object = {}) => ({ url, raw: {}, server: { initialConfig }, headers: {} });

describe('requestPath: the path the router routes', () => {
  it.each([
    ['/items?x=1', '/items'],
    ['/items#/x.css', '/items'],
    ['/items?a#b', '/items'],
    ['/items;x.css', '/items;x.css'], // Express routes ";" as part of the path
    ['/items%23/x.css', '/items%23/x.css'],
  ])('on Express: %s → %s', (url, path) => {
    expect(requestPath(express(url))).toBe(path);
  });

  it.each([
    ['/items?x=1', '/items', {}],
    ['/items#/x.css', '/items', {}],
    ['/items;x.css', '/items;x.css', {}],
    ['/items;x.css', '/items', { useSemicolonDelimiter: true }],
    ['/items;x.css', '/items', { routerOptions: { useSemicolonDelimiter: true } }],
    ['/items%3F/x.css', '/items%3F/x.css', {}],
  ])('on Fastify: %s → %s (%j)', (url, path, config) => {
    expect(requestPath(fastify(url, config))).toBe(path);
  });
});
