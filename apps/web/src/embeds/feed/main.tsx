/** Entry of `/embed/feed`. */
import { mountEmbed } from "../react/mountEmbed";
import "../embed.css";
import "./feed.css";
import { FeedWidget } from "./FeedWidget";

mountEmbed("feed.title", FeedWidget);
