/** Entry of `/embed/timeline`. */
import { mountEmbed } from "../react/mountEmbed";
import "../embed.css";
import "./timeline.css";
import { TimelineWidget } from "./TimelineWidget";

mountEmbed("timeline.title", TimelineWidget);
