import { backUrlOf } from './maintenance-response';

const on = (host: string | undefined, referer: string | undefined) => ({ headers: { host, referer } });

describe('backUrlOf: the "go back" link of a refused write', () => {
  it('is the page the visitor came from, as a path, when it is on this host', () => {
    expect(backUrlOf(on('shop.example', 'https://shop.example/orders/7?tab=items'))).toBe('/orders/7?tab=items');
    expect(backUrlOf(on('127.0.0.1:3000', 'http://127.0.0.1:3000/'))).toBe('/');
  });

  it.each([
    ['another site', on('shop.example', 'https://evil.example/orders')],
    ['a look-alike host', on('shop.example', 'https://shop.example.evil.example/')],
    ['a protocol-relative path', on('shop.example', 'https://shop.example//evil.example/x')],
    ['a javascript: URL', on('shop.example', 'javascript:alert(1)')],
    ['no Referer', on('shop.example', undefined)],
    ['no Host', on(undefined, 'https://shop.example/orders')],
    ['garbage', on('shop.example', '::not a url::')],
  ])('is the home page for %s', (_case, request) => {
    expect(backUrlOf(request)).toBe('/');
  });
});
