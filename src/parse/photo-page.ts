/**
 * Photo galleries, photo news and video clips: pages whose content is pictures with captions and at most
 * a line of text. Parsing one would store its captions as the story, so both parsers refuse them. Pure.
 */

export interface PhotoPageEvidence {
  /** Photos and videos in the story area (`isMediaElement` in dom.ts). */
  media: number;
  /** Caption lines dropped from the story (`photo-caption.ts`). */
  captions: number;
  /** Story paragraphs that sit right under a picture. */
  underMedia: ReadonlySet<string>;
  /** Characters below which one paragraph is "a line" (a Korean line holds fewer characters than an English one). */
  oneLine: number;
}

/**
 * Why `body` (the story paragraphs left after captions and bylines) is a photo or video page rather than an
 * article, or null. Refused: pictures or captions with at most one short line of text; or several pictures
 * where every paragraph but one short line hangs right under one of them (a gallery of long captions).
 */
export function photoPageReason(body: readonly string[], e: PhotoPageEvidence): string | null {
  if (e.media + e.captions === 0) return null;
  const chars = body.reduce((n, p) => n + p.length, 0);
  if (body.length === 0 || (body.length === 1 && chars < e.oneLine)) {
    const text = body.length ? 'one short line' : 'no line';
    return `photo/video page: ${e.media} photo(s)/video(s), ${e.captions} caption line(s) and ${text} of text`;
  }
  if (e.media >= 2) {
    const free = body.filter((p) => !e.underMedia.has(p));
    if (free.length <= 1 && free.reduce((n, p) => n + p.length, 0) < e.oneLine) {
      return `photo gallery: ${e.media} photos/videos, and all the text but ${free.length} short line(s) sits right under one`;
    }
  }
  return null;
}
