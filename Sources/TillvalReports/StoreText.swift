import TillvalPlan
import TillvalRuntime

// The plain-text forms of what the store holds, for people: `tillval
// status` and `tillval outbox`. They may change; the JSON forms
// (`StatusJSON`, `OutboxJSON`) are the stable ones.

extension CustomerStatus {
    /// The plain-text form `tillval status` prints. For people; may change.
    public var text: String {
        let human = StoreTimestamp.human
        var lines = ["Customer \(customerID), first seen \(human(firstSeen))", ""]

        lines.append("Collaborations:")
        if collaborations.isEmpty { lines.append("  none") }
        for item in collaborations {
            lines.append("  \(item.collaboration.name) (\(item.collaboration.id))")
            lines.append("    product:   \(item.product.name) (\(item.product.id))")
            lines.append("    service:   \(item.serviceDescription)")
            lines.append("    scenario:  \(item.scenario)")
            switch item.status {
            case .pending:
                lines.append("    status:    pending approval since \(human(item.activatedAt))")
                if let awaits = item.awaits {
                    lines.append("    awaits:    the \(awaits.who.rawValue) approves the \(awaits.approves.rawValue) in \(awaits.place)")
                }
            case .approved:
                lines.append("    status:    approved on \(human(item.approvedAt ?? item.activatedAt)) "
                             + "(activated \(human(item.activatedAt)))")
            }
            lines.append("    plan:      \(item.planDigest)")
        }

        lines.append("")
        lines.append("Services:")
        if services.isEmpty { lines.append("  none") }
        for service in services {
            lines.append("  \(service.description), active since \(human(service.activatedAt)) (\(service.collaborationID))")
        }

        lines.append("")
        lines.append("Administrators:")
        if administrators.isEmpty { lines.append("  none") }
        for administrator in administrators {
            lines.append("  \(administrator.portal): \(administrator.email), created on \(human(administrator.createdAt))")
        }

        lines.append("")
        lines.append("Emails:")
        if emails.isEmpty { lines.append("  none") }
        for email in emails {
            let state = email.deliveredAt.map { "delivered on \(human($0))" } ?? "not delivered yet"
            lines.append("  #\(email.id) '\(email.template)' to \(email.recipient), queued on \(human(email.queuedAt)), \(state)")
            lines.append("    Subject: \(email.subject)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension OutboxEntry {
    /// One line for `tillval outbox`:
    /// "#1  2026-11-29 10:00 UTC  queued  556677-8899  approve-terms  to anna@bagerinord.se: <subject>"
    public var line: String {
        let state: String
        switch stage {
        case .queued: state = EmailState.queued.rawValue
        case .claimed(let claim): state = "claimed \(StoreTimestamp.human(claim.claimedAt)) for \(Excerpt.of(claim.directory, limit: 256))"
        case .delivered(let at): state = "\(EmailState.delivered.rawValue) \(StoreTimestamp.human(at))"
        }
        return "#\(id)  \(StoreTimestamp.human(queuedAt))  \(state)  \(customerID)  \(template)  to \(recipient): \(subject)"
    }
}
