// ical.js 1.5 (the CommonJS build the tests use to parse the calendar feed) ships no types: what the tests read of it.
/* eslint-disable @typescript-eslint/no-unused-vars -- declarations, used by the default export's type */
declare module 'ical.js' {
  interface ICALTime {
    toJSDate(): Date;
  }
  class Component {
    constructor(jcal: unknown);
    getAllSubcomponents(name: string): Component[];
    getFirstPropertyValue(name: string): unknown;
    getAllProperties(name?: string): { getFirstValue(): unknown; name: string }[];
  }
  class Event {
    constructor(component: Component);
    uid: string;
    summary: string;
    description: string;
    startDate: ICALTime;
    endDate: ICALTime;
  }
  function parse(input: string): unknown;
  const ICAL: { parse: typeof parse; Component: typeof Component; Event: typeof Event };
  export default ICAL;
}
