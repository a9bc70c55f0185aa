<%@ page contentType="text/html; charset=UTF-8" %>
<%@ taglib uri="http://java.sun.com/jsp/jstl/core" prefix="c" %>
<%@ taglib uri="http://java.sun.com/jsp/jstl/fmt" prefix="fmt" %>
<%@ taglib tagdir="/WEB-INF/tags" prefix="cl" %>
<%@ taglib uri="http://java.sun.com/jsp/jstl/functions" prefix="fn" %>
<%@ page import="org.jivesoftware.openfire.plugin.componentlistener.admin.ListenersPage" %>
<c:set var="page" value="<%= ListenersPage.handle(request, response) %>"/>
<c:if test="${not empty page.redirect}"><c:redirect url="${page.redirect}"/></c:if>
<html>
<head>
    <title><fmt:message key="listeners.title"/></title>
    <meta name="pageID" content="componentlistener-listeners"/>
</head>
<body>
<%@ include file="notice.jspf" %>
<p><fmt:message key="listeners.intro"/></p>
<p><a href="componentlistener-listener-edit.jsp" id="add-listener"><fmt:message key="listeners.add"/></a></p>

<div class="jive-table">
<table id="listeners" cellpadding="0" cellspacing="0" border="0" width="100%">
    <thead>
    <tr>
        <th><fmt:message key="listeners.id"/></th>
        <th><fmt:message key="listeners.address"/></th>
        <th><fmt:message key="listeners.state"/></th>
        <th><fmt:message key="listeners.components"/></th>
        <th><fmt:message key="listeners.options"/></th>
        <c:if test="${page.clustered}"><th><fmt:message key="listeners.nodes"/></th></c:if>
        <th><fmt:message key="listeners.actions"/></th>
    </tr>
    </thead>
    <tbody>
    <c:forEach var="row" items="${page.rows}">
        <tr id="listener-${fn:escapeXml(row.id)}">
            <td><a href="componentlistener-listener-edit.jsp?id=${fn:escapeXml(row.id)}"><c:out value="${row.id}"/></a></td>
            <td><c:out value="${row.address}"/></td>
            <td>
                <fmt:message key="listeners.state.${row.state}"/>
                <c:forEach var="problem" items="${row.problems}"><br><cl:message value="${problem}"/></c:forEach>
            </td>
            <td><c:out value="${row.components}"/></td>
            <td><cl:message value="${row.changedOptions}"/></td>
            <c:if test="${page.clustered}">
            <td class="nodes">
                <c:forEach var="node" items="${row.nodes}">
                    <c:out value="${node.node}"/>: <fmt:message key="listeners.state.${node.state}"/>
                    <c:forEach var="problem" items="${node.problems}"> <cl:message value="${problem}"/></c:forEach><br>
                </c:forEach>
            </td>
            </c:if>
            <td>
                <form method="post" action="componentlistener-listeners.jsp" style="display:inline">
                    <input type="hidden" name="csrf" value="${fn:escapeXml(page.csrf)}">
                    <input type="hidden" name="id" value="${fn:escapeXml(row.id)}">
                    <input type="hidden" name="action" value="${row.enabled ? 'disable' : 'enable'}">
                    <input type="submit" name="toggle" value="<fmt:message key="${row.enabled ? 'listeners.disable' : 'listeners.enable'}"/>">
                </form>
                <fmt:message var="confirmRemove" key="listeners.remove.confirm">
                    <fmt:param value="${row.id}"/><fmt:param value="${row.components}"/>
                </fmt:message>
                <form method="post" action="componentlistener-listeners.jsp" style="display:inline"
                      data-confirm="${fn:escapeXml(confirmRemove)}" onsubmit="return confirm(this.getAttribute('data-confirm'))">
                    <input type="hidden" name="csrf" value="${fn:escapeXml(page.csrf)}">
                    <input type="hidden" name="id" value="${fn:escapeXml(row.id)}">
                    <input type="hidden" name="action" value="remove">
                    <input type="submit" name="remove" value="<fmt:message key="listeners.remove"/>">
                </form>
            </td>
        </tr>
    </c:forEach>
    <c:if test="${empty page.rows}">
        <tr><td colspan="${page.clustered ? 7 : 6}"><fmt:message key="listeners.none"/></td></tr>
    </c:if>
    </tbody>
</table>
</div>
<br>
<div class="jive-contentBoxHeader"><fmt:message key="listeners.totals"/></div>
<div class="jive-contentBox">
<table id="totals" cellpadding="3" cellspacing="0" border="0">
    <c:if test="${page.clustered}">
        <tr>
            <th></th>
            <th><fmt:message key="listeners.totals.all"/></th>
            <c:forEach var="name" items="${page.nodeNames}"><th><c:out value="${name}"/></th></c:forEach>
        </tr>
    </c:if>
    <c:forEach var="total" items="${page.totals}">
        <tr id="total-${total.key}">
            <td><fmt:message key="stat.${total.key}.name"/></td>
            <td><fmt:formatNumber value="${total.value}"/></td>
            <c:if test="${page.clustered}">
                <c:forEach var="value" items="${total.perNode}">
                    <td><c:choose><c:when test="${value == null}"><fmt:message key="listeners.totals.none"/></c:when>
                        <c:otherwise><fmt:formatNumber value="${value}"/></c:otherwise></c:choose></td>
                </c:forEach>
            </c:if>
        </tr>
    </c:forEach>
</table>
</div>
</body>
</html>
