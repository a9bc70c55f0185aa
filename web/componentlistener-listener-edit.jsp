<%@ page contentType="text/html; charset=UTF-8" %>
<%@ taglib uri="http://java.sun.com/jsp/jstl/core" prefix="c" %>
<%@ taglib uri="http://java.sun.com/jsp/jstl/fmt" prefix="fmt" %>
<%@ taglib tagdir="/WEB-INF/tags" prefix="cl" %>
<%@ taglib uri="http://java.sun.com/jsp/jstl/functions" prefix="fn" %>
<%@ page import="org.jivesoftware.openfire.plugin.componentlistener.admin.ListenerForm" %>
<c:set var="page" value="<%= ListenerForm.handle(request, response) %>"/>
<c:if test="${not empty page.redirect}"><c:redirect url="${page.redirect}"/></c:if>
<html>
<head>
    <title><fmt:message key="${page.adding ? 'form.title.add' : 'form.title.edit'}"/></title>
    <meta name="pageID" content="componentlistener-listeners"/>
</head>
<body>
<%@ include file="notice.jspf" %>
<p><fmt:message key="form.intro"/></p>
<form method="post" action="componentlistener-listener-edit.jsp" id="listener-form">
    <input type="hidden" name="csrf" value="${fn:escapeXml(page.csrf)}">
    <input type="hidden" name="mode" value="${page.adding ? 'add' : 'edit'}">
    <div class="jive-contentBox">
    <table cellpadding="3" cellspacing="0" border="0">
        <tr>
            <td><label for="id">id</label></td>
            <td>
                <c:choose>
                    <c:when test="${page.adding}">
                        <input type="text" id="id" name="id" size="32" maxlength="32" value="${fn:escapeXml(page.id)}">
                    </c:when>
                    <c:otherwise>
                        <input type="hidden" id="id" name="id" value="${fn:escapeXml(page.id)}"><b><c:out value="${page.id}"/></b>
                    </c:otherwise>
                </c:choose>
                <c:if test="${not empty page.idError}"><br><span class="jive-error-text" id="error-id"><cl:message value="${page.idError}"/></span></c:if>
            </td>
            <td><fmt:message key="form.id.help"/></td>
        </tr>
        <c:forEach var="field" items="${page.fields}">
        <tr>
            <td><label for="${field.name}"><c:out value="${field.name}"/></label></td>
            <td>
                <c:choose>
                    <c:when test="${field.input == 'checkbox'}">
                        <input type="checkbox" id="${field.name}" name="${field.name}" value="true" ${field.checked ? 'checked' : ''}>
                    </c:when>
                    <c:when test="${field.input == 'select'}">
                        <select id="${field.name}" name="${field.name}">
                            <c:forEach var="choice" items="${field.choices}">
                                <option value="${fn:escapeXml(choice)}" ${choice == field.value ? 'selected' : ''}><c:out value="${choice}"/></option>
                            </c:forEach>
                        </select>
                    </c:when>
                    <c:when test="${field.input == 'password'}">
                        <input type="password" id="${field.name}" name="${field.name}" size="32" value="" autocomplete="new-password">
                        <c:if test="${page.passwordStored}">
                            <br><label><input type="checkbox" id="password_clear" name="password_clear" value="true"> <fmt:message key="form.password.clear"/></label>
                            <br><fmt:message key="form.password.kept"/>
                        </c:if>
                    </c:when>
                    <c:when test="${field.input == 'number'}">
                        <input type="number" id="${field.name}" name="${field.name}" min="${field.min}" max="${field.max}" value="${fn:escapeXml(field.value)}">
                        <fmt:message key="form.range"><fmt:param value="${field.min}"/><fmt:param value="${field.max}"/></fmt:message>
                    </c:when>
                    <c:otherwise>
                        <input type="text" id="${field.name}" name="${field.name}" size="40" value="${fn:escapeXml(field.value)}">
                    </c:otherwise>
                </c:choose>
                <c:if test="${not empty field.error}"><br><span class="jive-error-text" id="error-${field.name}"><cl:message value="${field.error}"/></span></c:if>
            </td>
            <td>
                <fmt:message key="${field.helpKey}"/>
                <fmt:message key="form.default"><fmt:param value="${empty field.defaultValue ? '-' : field.defaultValue}"/></fmt:message>
            </td>
        </tr>
        </c:forEach>
    </table>
    </div>
    <input type="submit" id="save" name="save" value="<fmt:message key="form.save"/>">
    <a href="componentlistener-listeners.jsp"><fmt:message key="form.cancel"/></a>
</form>
</body>
</html>
