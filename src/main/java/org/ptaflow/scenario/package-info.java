/**
 * PTA scenarios (contract §3): the YAML file, its validation, and the loaded {@link org.ptaflow.scenario.Scenario}
 * the pipeline ships to its tasks. Plain Java, no Flink.
 *
 * <p>Where the contract is silent, the loader decides as follows:
 * <ul>
 *   <li>Unknown keys are refused at every level, not only at the top (a misspelt {@code alowed_lateness} would
 *       otherwise fall back to its default unseen); duplicate keys are refused too.</li>
 *   <li>Field paths in messages are dotted, with zero-based list indexes: {@code concessions[0].rule}.</li>
 *   <li>An elasticity may be normal ({@code sd}) or triangular ({@code min}, {@code max}, with
 *       {@code min ≤ value ≤ max}; the value is the mode); not both. For {@code import_demand} the value key is
 *       {@code default}. {@code min == max} is a point value.</li>
 *   <li>{@code by_hs} prefixes have 2 to 6 digits, since they are matched against the HS6 line.</li>
 *   <li>{@code uncertainty.draws} is 1..100000; {@code uncertainty.seed} defaults to 0. Each elasticity draws from
 *       its own generator seeded by the seed and its name; wrong-signed draws are redrawn, then clamped (see
 *       {@link org.ptaflow.scenario.ElasticityDraws}).</li>
 *   <li>An {@code mfn} key whose file has no row for that importer is refused (almost surely a wrong file).</li>
 *   <li>A concession's beneficiary must be an alpha-3 code different from its importer.</li>
 *   <li>Durations are parsed with {@link java.time.Duration#parse} (so {@code P7D}, {@code PT5S}; months and
 *       weeks such as {@code P1M} or {@code P1W} are not durations and are refused); a zero {@code update_every}
 *       means no early rows.</li>
 *   <li>{@code taxes:} (economics.md §6): a tax may not be named {@code duty} (its {@code duty_collected} would be
 *       the customs duty's field); a base names each component once; a tax table without rows is allowed (the tax
 *       is then 0 everywhere); an ad-valorem table with a unit on a row is refused (a per-unit rate read as percent
 *       would be wrong by orders of magnitude). A specific tax in force whose currency has no FX rate on the
 *       record's date rejects the record for the scenario as {@code no_fx_rate}.</li>
 *   <li>A {@code tax} amendment naming a tax the importer does not have, or a rate of the other kind (a unit for an
 *       ad-valorem tax, none for a specific one), is refused by the scenario join and counted
 *       ({@code amendments_refused}).</li>
 *   <li>{@code quotas:} (economics.md §7): ids are {@code [a-z0-9-]+} like scenario ids; lines must be quoted text
 *       (unquoted, YAML reads {@code 090240} as the number 90240) and may be broader than the concession lines under
 *       them; a line may not be listed twice nor under another line of its own quota; a unit is letters, digits and
 *       {@code . / -} ({@code usd} in any case is read as {@code USD}); a volume is at most 10^15 and at least a
 *       thousandth; {@code start} may not be {@code 02-29}. A quota's entry into force is the first staging date of
 *       the concession covering its first line, or the earliest among the concession lines under a broader first
 *       line.</li>
 *   <li>A {@code quota} amendment names no importer, beneficiary, line, rate nor {@code to} (refused when given, so
 *       that no one reads them as narrowing it); naming a quota the scenario does not have, it is refused by the
 *       scenario join ({@code amendments_refused}).</li>
 *   <li>{@code transit:} ({@link org.ptaflow.scenario.TransitRules}): the territory must be a key of {@code mfn:} (its
 *       schedule prices the duties at risk on open movements); partners are a non-empty list of distinct alpha-3
 *       codes other than the territory; every mode ({@code road}, {@code rail}, {@code sea}, {@code air}) needs a
 *       time limit, refused when missing rather than left unmonitored (its movements would have no deadline: never
 *       overdue, never out of the job's state); limits and {@code orphan_wait} (default P7D) are longer than zero.</li>
 * </ul>
 */
package org.ptaflow.scenario;
