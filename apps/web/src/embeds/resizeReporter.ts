import { RESIZE_MESSAGE_TYPE, type ResizeMessage } from "./embedProtocol";

/** Sends a message to the page that frames the widget. */
export type PostToParent = (message: ResizeMessage) => void;

const toParent: PostToParent = (message) => window.parent.postMessage(message, "*");

/**
 * Tells the parent page the height of `element` (the widget's whole content) now and whenever it changes, so the
 * loader sizes the iframe to fit and no scrollbar ever shows. Nothing is sent when the page is not framed.
 * The target is `*`: the widget cannot know the partner's origin, and a height is no secret. Returns its cleanup.
 */
export function reportHeight(element: HTMLElement, frame: string | null, post: PostToParent = toParent): () => void {
  if (window.parent === window) return () => {};
  let last = -1;
  const send = () => {
    const height = Math.ceil(element.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    post({ type: RESIZE_MESSAGE_TYPE, height, frame });
  };
  const observer = new ResizeObserver(send);
  observer.observe(element);
  send();
  return () => observer.disconnect();
}
