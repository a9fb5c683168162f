package com.backoffice.notify.reliability;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The admins the suites publish to the directory, and who an audience reaches, as
 * docs/ARCHITECTURE.md states it: the union of the selectors, among active admins,
 * narrowed by roles. The suites check the platform's deliveries against this, not against
 * what the router says.
 */
final class Directory {

	private Directory() {
	}

	/**
	 * Two malls, two partners and the platform, with a few admins each: some with the
	 * {@code orders} role, some with {@code claims}, one operator of both malls and one
	 * inactive operator.
	 * @param prefix what every id starts with, so that suites do not meet
	 * @param perTenant admins per mall and per partner
	 * @return the admins
	 */
	static List<Admin> tenants(String prefix, int perTenant) {
		List<Admin> admins = new ArrayList<>();
		for (String mall : List.of("a", "b")) {
			IntStream.range(0, perTenant)
				.forEach((i) -> admins.add(new Admin(prefix + "-op-" + mall + i, "OPERATOR",
						List.of(prefix + "-mall-" + mall), null, role(i), true)));
		}
		for (String partner : List.of("a", "b")) {
			IntStream.range(0, perTenant)
				.forEach((i) -> admins.add(new Admin(prefix + "-pt-" + partner + i, "PARTNER", List.of(),
						prefix + "-partner-" + partner, role(i), true)));
		}
		admins.add(new Admin(prefix + "-op-ab", "OPERATOR", List.of(prefix + "-mall-a", prefix + "-mall-b"), null,
				List.of("orders", "claims"), true));
		admins.add(new Admin(prefix + "-op-gone", "OPERATOR", List.of(prefix + "-mall-a"), null, List.of("orders"),
				false));
		admins.add(new Admin(prefix + "-pl", "PLATFORM", List.of(), null, List.of("orders", "claims"), true));
		return admins;
	}

	/**
	 * Operators of one mall.
	 * @param prefix what their ids start with
	 * @param mall the mall
	 * @param count how many
	 * @return the admins
	 */
	static List<Admin> operators(String prefix, String mall, int count) {
		return IntStream.range(0, count)
			.mapToObj((i) -> new Admin(prefix + "-" + i, "OPERATOR", List.of(mall), null, List.of("orders"), true))
			.toList();
	}

	private static List<String> role(int i) {
		return (i % 2 == 0) ? List.of("orders") : List.of("claims");
	}

	/**
	 * Who an audience reaches.
	 * @param audience the audience
	 * @param admins the directory
	 * @return the recipients' ids
	 */
	static Set<String> recipients(Audience audience, List<Admin> admins) {
		return admins.stream()
			.filter(Admin::active)
			.filter((admin) -> audience.all() || audience.adminIds().contains(admin.id())
					|| admin.mallIds().stream().anyMatch(audience.mallIds()::contains)
					|| (admin.partnerId() != null && audience.partnerIds().contains(admin.partnerId())))
			.filter((admin) -> audience.roles().isEmpty()
					|| admin.roles().stream().anyMatch(audience.roles()::contains))
			.map(Admin::id)
			.collect(Collectors.toSet());
	}

	/**
	 * An admin as the directory topic carries it.
	 *
	 * @param id the admin
	 * @param kind OPERATOR, PARTNER or PLATFORM
	 * @param mallIds the malls an operator works for
	 * @param partnerId the partner a partner admin works for
	 * @param roles the roles
	 * @param active whether the admin may receive anything
	 */
	record Admin(String id, String kind, List<String> mallIds, String partnerId, List<String> roles, boolean active) {

		String json(Instant at) {
			return """
					{"adminId": "%s", "kind": "%s", "mallIds": %s, "partnerId": %s, "roles": %s, "active": %s, \
					"locale": "ko-KR", "updatedAt": "%s"}""".formatted(this.id, this.kind, array(this.mallIds),
					(this.partnerId != null) ? "\"" + this.partnerId + "\"" : "null", array(this.roles), this.active,
					at);
		}

	}

	/**
	 * A request's audience.
	 *
	 * @param adminIds admins by id
	 * @param mallIds every admin of these malls
	 * @param partnerIds every admin of these partners
	 * @param all every admin
	 * @param roles only admins with one of these roles, when not empty
	 */
	record Audience(List<String> adminIds, List<String> mallIds, List<String> partnerIds, boolean all,
			List<String> roles) {

		static Audience admins(String... ids) {
			return new Audience(List.of(ids), List.of(), List.of(), false, List.of());
		}

		static Audience mall(String mall) {
			return new Audience(List.of(), List.of(mall), List.of(), false, List.of());
		}

		String json() {
			return """
					{"adminIds": %s, "mallIds": %s, "partnerIds": %s, "all": %s, "roles": %s}""".formatted(
					array(this.adminIds), array(this.mallIds), array(this.partnerIds), this.all, array(this.roles));
		}

	}

	static String array(List<String> values) {
		return values.stream().map((value) -> "\"" + value + "\"").collect(Collectors.joining(", ", "[", "]"));
	}

}
