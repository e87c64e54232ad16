/**
 * What the maintenance page needs to update itself: where the live stream is and which state the page shows. Made
 * with the options (every refusal path has them) and filled in by the stream service: the URL once the app's global
 * prefix is known (at bootstrap), the state id whenever the state changes. `url` stays null when the stream is off
 * or not mounted: the page then falls back to `refreshPage`.
 */
export class LivePageLink {
  url: string | null = null;
  stateId = '';
}
