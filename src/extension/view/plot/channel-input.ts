/** The channel chooser of the stacked traces: a text field taking `0-7, 12`. */
import { el } from "../dom.js";
import { channelsText, parseChannels } from "../model/channels.js";

/** `label.jp-HdmfZarr-channelPicker` with an input; `onChange` gets the channels it names (never none). */
export function channelInput(count: number, initial: readonly number[], onChange: (channels: number[]) => void): HTMLElement {
  const wrap = el("label", "channelPicker");
  const input = el("input", "channelInput");
  input.type = "text";
  input.value = channelsText(initial);
  input.setAttribute("aria-label", "channels");
  input.title = `channels to show, of 0–${count - 1}: a range or a list (0-7, 12)`;
  let current = channelsText(initial);
  input.addEventListener("change", () => {
    const chosen = parseChannels(input.value, count);
    // Nothing valid typed: keep what is shown.
    if (!chosen.length) {
      input.value = current;
      return;
    }
    current = input.value = channelsText(chosen);
    onChange(chosen);
  });
  wrap.append(el("span", "sliderLabel", `channels (of ${count})`), input);
  return wrap;
}
