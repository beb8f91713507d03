/** Entry of `/embed/countries`. */
import { mountEmbed } from "../react/mountEmbed";
import "../embed.css";
import "./countries.css";
import { CountriesWidget } from "./CountriesWidget";

mountEmbed("countries.title", CountriesWidget);
