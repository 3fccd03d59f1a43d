/** The rule lives with the shared schemas, so browser forms check exactly what the server checks. */
export { chosenPassword, maxPasswordBytes } from '@fixstream/schemas';
